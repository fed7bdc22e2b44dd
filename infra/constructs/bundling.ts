// How every function is built, decided once. ApiFunction hands these settings to NodejsFunction, and the
// bench rebuilds each bundle with the same ones through esbuild's API to see what fills it (it checks
// that its rebuild matches the deployed bundle byte for byte).
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The latest Node.js runtime, which cdk-nag's AwsSolutions-L1 asks for. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * SDK credential providers for profiles, SSO, credential processes and web identity. Lambda hands
 * the function its role's credentials in environment variables, which the chain tries first, so
 * these are never loaded there. Left out, they take the SSO and STS clients with them (~115 KB).
 */
const unusedCredentialProviders = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
];

/** The settings as esbuild's build API takes them; NodejsFunction always bundles, for platform node. */
export const esbuildSettings = {
  format: `${OutputFormat.ESM}`,
  target: `node${/^nodejs(\d+)/.exec(FUNCTION_RUNTIME.name)?.[1]}`,
  minify: true,
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM output has none unless it is created.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  // The SDK version is the lockfile's, not whichever one the runtime happens to ship; only the
  // credential providers Lambda never loads stay out.
  external: unusedCredentialProviders,
} as const satisfies BuildOptions;

/** The same settings as NodejsFunction's bundling options. */
export const functionBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: esbuildSettings.target,
  minify: esbuildSettings.minify,
  sourceMap: false,
  mainFields: esbuildSettings.mainFields,
  banner: esbuildSettings.banner.js,
  bundleAwsSDK: true,
  externalModules: esbuildSettings.external,
};
