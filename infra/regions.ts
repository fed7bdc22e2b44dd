// Which region the stage's main stacks deploy to, and where CloudFront's Origin Shield sits for it.
// Origin Shield exists in some regions only: CloudFront refuses a distribution that names any other,
// so an origin elsewhere is shielded from the nearest one that has it.

/**
 * The Origin Shield region for an origin in each region, as CloudFront's guide "Choosing the AWS
 * Region for Origin Shield" recommends (lowest latency to the origin). A region absent here is refused
 * at synth rather than guessed: add it from that guide.
 */
export const originShieldRegions: Readonly<Record<string, string>> = {
  // Regions that have Origin Shield: the origin's own.
  'us-east-1': 'us-east-1',
  'us-east-2': 'us-east-2',
  'us-west-2': 'us-west-2',
  'ap-south-1': 'ap-south-1',
  'ap-northeast-1': 'ap-northeast-1',
  'ap-northeast-2': 'ap-northeast-2',
  'ap-southeast-1': 'ap-southeast-1',
  'ap-southeast-2': 'ap-southeast-2',
  'eu-central-1': 'eu-central-1',
  'eu-west-1': 'eu-west-1',
  'eu-west-2': 'eu-west-2',
  'sa-east-1': 'sa-east-1',
  // Regions without it: the nearest that has it.
  'us-west-1': 'us-west-2',
  'af-south-1': 'eu-west-1',
  'ap-east-1': 'ap-southeast-1',
  'ca-central-1': 'us-east-1',
  'eu-south-1': 'eu-central-1',
  'eu-west-3': 'eu-west-2',
  'eu-north-1': 'eu-west-2',
  'me-south-1': 'ap-south-1',
};

/** The Origin Shield region for an origin in `region`, or an error that says what to do. */
export function originShieldRegionFor(region: string): string {
  const shield = originShieldRegions[region];
  if (!shield) {
    throw new Error(
      `No Origin Shield region is known for ${region}, and CloudFront refuses a region without Origin Shield. ` +
        `Add ${region} to originShieldRegions in infra/regions.ts from CloudFront's "Choosing the AWS Region for ` +
        'Origin Shield", or deploy this stage with originShield off.',
    );
  }
  return shield;
}

/**
 * The main region, which the CDK CLI passes as CDK_DEFAULT_REGION (from AWS_REGION or the profile).
 * The stacks are pinned to it at synth: the us-east-1 stacks read the main stacks' outputs by region,
 * and Origin Shield is chosen for it.
 */
export function mainRegion(env: NodeJS.ProcessEnv = process.env): string {
  const region = env.CDK_DEFAULT_REGION;
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(
      'The region to deploy to is unknown: set AWS_REGION (or use a profile with a region) for cdk synth and deploy, ' +
        `e.g. AWS_REGION=ap-east-1 npx cdk deploy --all; got "${String(region)}"`,
    );
  }
  return region;
}
