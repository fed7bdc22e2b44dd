// The shoppers' CloudFront distribution: the page, the cached scan lookup, the API, TLS and headers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Script } from 'node:vm';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { stackIds, stages } from '../../infra/config';
import { API_ORIGIN_ID, API_PATH_PATTERN, CONSOLE_PATH_PATTERN, LINK_TYPE_QUERY, SCAN_PATH_PATTERN } from '../../infra/constructs/cdn';
import { CLOUDFRONT_IMPORT } from '../../scripts/local/static';
import { VIEWER_ADDRESS_HEADER } from '../../shared/config';
import { routes } from '../../shared/routes';
import { originShieldRegionFor } from '../../infra/regions';
import { CERTIFICATE_ARN, configOf, DOMAIN, REGION } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath, deployedPage, distributionConfig, exported } from './support/template';
import type { Statement } from './table-requests';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);
  const ids = stackIds(stage);

  describe('CDN', () => {
    const originOf = (behavior: { TargetOriginId: string }) =>
      (distributionConfig(s).Origins as { Id: string }[]).find((o) => o.Id === behavior.TargetOriginId) as Record<string, any>;
    const behavior = (pattern: string) =>
      distributionConfig(s).CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);
    const scanBehavior = () => behavior(SCAN_PATH_PATTERN);
    const apiBehavior = () => behavior(API_PATH_PATTERN);
    const consoleBehavior = () => behavior(CONSOLE_PATH_PATTERN);

    it('serves the page from the page bucket through its Origin Access Control', () => {
      s.stateless.resourceCountIs('AWS::CloudFront::Distribution', 1);
      const oac = byPath(s.stateless, 'AWS::CloudFront::OriginAccessControl');
      expect(oac.size).toBe(1);
      const [control] = oac.values();
      expect(control!.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      const origin = originOf(distributionConfig(s).DefaultCacheBehavior);
      const [pageBucketId] = Object.keys(s.stateful.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: {} } }));
      expect(exported(s.stateful, origin.DomainName)).toEqual({ 'Fn::GetAtt': [pageBucketId, 'RegionalDomainName'] });
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [control!.logicalId, 'Id'] });
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(distributionConfig(s).DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
      // CACHING_OPTIMIZED's key and TTLs, and the one query string the resolver's answer varies on.
      const pageCache = byPath(s.stateless, 'AWS::CloudFront::CachePolicy').get('Cdn/PageCache/Resource')!;
      expect(distributionConfig(s).DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: pageCache.logicalId });
      expect(pageCache.Properties.CachePolicyConfig).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 86_400,
        MaxTTL: 365 * 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: [LINK_TYPE_QUERY] },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
      expect(distributionConfig(s).DefaultRootObject).toBe('index.html');
    });

    it("rewrites both page routes to the page and /console/ to the console's page on viewer requests of the page files, and sends Digital Link link requests to the API", () => {
      const functions = byPath(s.stateless, 'AWS::CloudFront::Function');
      expect([...functions.keys()].sort()).toEqual(['Cdn/PageRoutes/Resource', 'Cdn/ViewerAddress/Resource']);
      const fn = functions.get('Cdn/PageRoutes/Resource');
      expect(fn!.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      const rewrite = [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn!.logicalId, 'FunctionARN'] } }];
      expect(distributionConfig(s).DefaultCacheBehavior.FunctionAssociations).toEqual(rewrite);
      expect(consoleBehavior().FunctionAssociations).toEqual(rewrite);
      expect(scanBehavior().FunctionAssociations).toBeUndefined();
      // The deployed code itself, run the way CloudFront runs it: a script whose `handler` is called, with
      // CloudFront's helper module as `cf`.
      const code = String(fn!.Properties.FunctionCode);
      expect(code).toMatch(CLOUDFRONT_IMPORT);
      const picked: string[] = [];
      const cf = { selectRequestOriginById: (id: string) => void picked.push(id) };
      const handler = new Function('cf', `${code.replace(CLOUDFRONT_IMPORT, '')}\nreturn handler;`)(cf) as (event: unknown) => {
        uri: string;
      };
      const uriAfter = (uri: string, headers = {}) => handler({ request: { uri, method: 'GET', headers, querystring: {} } }).uri;
      expect(uriAfter('/l/K7QX2M9PRT4WZ')).toBe('/index.html');
      expect(uriAfter('/01/06901234567892/10/K7QX2M9PRT4WZ')).toBe('/index.html');
      expect(uriAfter('/index.html')).toBe('/index.html');
      expect(uriAfter('/favicon.ico')).toBe('/favicon.ico');
      expect(uriAfter('/api/v1/scan/K7QX2M9PRT4WZ')).toBe('/api/v1/scan/K7QX2M9PRT4WZ');
      expect(uriAfter('/console/')).toBe('/console/index.html');
      expect(uriAfter('/console')).toBe('/console/index.html');
      expect(uriAfter('/console/sw.js')).toBe('/console/sw.js');
      expect(picked).toEqual([]);
      // A Digital Link URI asked for its links goes to the API origin, whose id the distribution gives it.
      const linkset = uriAfter('/01/06901234567892/10/K7QX2M9PRT4WZ', { accept: { value: 'application/linkset+json' } });
      expect([linkset, picked]).toEqual(['/api/v1/resolve/01/06901234567892/10/K7QX2M9PRT4WZ', [API_ORIGIN_ID]]);
      const apiOrigins = distributionConfig(s).Origins.filter((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
      expect(apiOrigins.map((o: { Id: string }) => o.Id)).toEqual([API_ORIGIN_ID]);
    });

    it('serves the console from the page bucket like the page, before the API patterns', () => {
      expect(distributionConfig(s).CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual([
        CONSOLE_PATH_PATTERN,
        SCAN_PATH_PATTERN,
        API_PATH_PATTERN,
      ]);
      const { PathPattern: _, ResponseHeadersPolicyId: consoleHeaders, ...console } = consoleBehavior();
      const { ResponseHeadersPolicyId: pageHeaders, ...page } = distributionConfig(s).DefaultCacheBehavior;
      expect(console).toEqual(page);
      expect(consoleHeaders).not.toEqual(pageHeaders);
    });

    it('sends scan lookups to the API, cached on the path alone for as long as the origin says', () => {
      expect(SCAN_PATH_PATTERN).toBe(routes.scanLot.path.replace('{lotCode}', '*'));
      const scan = scanBehavior();
      expect(originOf(scan).CustomOriginConfig).toBeDefined();
      expect(scan).toMatchObject({ AllowedMethods: ['GET', 'HEAD'], CachedMethods: ['GET', 'HEAD'], ViewerProtocolPolicy: 'https-only' });
      expect(scan.OriginRequestPolicyId).toBeUndefined();
      const policy = s.stateless.findResources('AWS::CloudFront::CachePolicy')[scan.CachePolicyId.Ref]!.Properties.CachePolicyConfig;
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
      });
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
      // stale-if-error keeps serving a scan for a day while the origin fails.
      expect(policy.MaxTTL).toBeGreaterThanOrEqual(86_400);
    });

    it("passes the viewer's address on to the API paths, overwriting any the viewer sent, and not to the scan's", () => {
      const fn = byPath(s.stateless, 'AWS::CloudFront::Function').get('Cdn/ViewerAddress/Resource')!;
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(apiBehavior().FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn.logicalId, 'FunctionARN'] } },
      ]);
      // The deployed code, run the way CloudFront runs it: a plain script whose `handler` is called.
      const code = String(fn.Properties.FunctionCode);
      expect(() => new Script(code)).not.toThrow();
      const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => Record<string, unknown>;
      const request = {
        method: 'POST',
        uri: '/api/v1/villages',
        querystring: {},
        headers: { authorization: { value: 'Bearer t' }, [VIEWER_ADDRESS_HEADER]: { value: '198.51.100.1' } },
      };
      expect(handler({ viewer: { ip: '2001:db8::7' }, request: structuredClone(request) })).toEqual({
        ...request,
        headers: { authorization: { value: 'Bearer t' }, [VIEWER_ADDRESS_HEADER]: { value: '2001:db8::7' } },
      });
      // All viewer headers but Host reach the API, the function's among them. The scan's behaviour forwards
      // only its cache key, which holds no header: a shopper's address stays in CloudFront's own logs.
      expect(apiBehavior().OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
      expect(scanBehavior().OriginRequestPolicyId).toBeUndefined();
    });

    it('sends every other API path to the API uncached, with all viewer headers but Host', () => {
      expect(apiBehavior()).toMatchObject({
        PathPattern: '/api/*',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
        TargetOriginId: scanBehavior().TargetOriginId,
      });
    });

    it(`reaches the API at its execute-api host over TLS 1.2, ${config.originShield ? 'through Origin Shield in a region that has it' : 'without Origin Shield'}`, () => {
      const [apiId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
      const origin = originOf(apiBehavior());
      expect(origin.DomainName).toEqual({
        'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
      });
      expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      // In the API's region if it has Origin Shield, otherwise the nearest that has: prod is synthesized
      // for ap-east-1, which has none, and is shielded from Singapore.
      expect(origin.OriginShield).toEqual(
        config.originShield ? { Enabled: true, OriginShieldRegion: originShieldRegionFor(REGION[stage]) } : undefined,
      );
      if (stage === 'prod') expect(origin.OriginShield.OriginShieldRegion).toBe('ap-southeast-1');
    });

    it("adds a strict CSP that allows exactly the deployed page's inline script and style, HSTS and no framing to every response", () => {
      const policies = byPath(s.stateless, 'AWS::CloudFront::ResponseHeadersPolicy');
      expect([...policies.keys()].sort()).toEqual(['Cdn/ConsoleHeaders/Resource', 'Cdn/SecurityHeaders/Resource']);
      const policy = policies.get('Cdn/SecurityHeaders/Resource');
      const html = readFileSync(path.join(deployedPage(s), 'index.html'), 'utf8');
      const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const inline = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => sha256(m[1]!));
      expect(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: {
          ContentSecurityPolicy: [
            "default-src 'none'",
            ["script-src 'self'", ...inline('script')].join(' '),
            ["style-src 'self'", ...inline('style')].join(' '),
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
          ].join('; '),
          Override: true,
        },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
      });
      expect(JSON.stringify(policy!.Properties)).not.toContain('unsafe-');
      const behaviors = [distributionConfig(s).DefaultCacheBehavior, scanBehavior(), apiBehavior()];
      for (const b of behaviors) expect(b.ResponseHeadersPolicyId).toEqual({ Ref: policy!.logicalId });
    });

    it('gives the console a CSP without inline script or style that lets it reach only its origin and the sign-in domain', () => {
      const policy = byPath(s.stateless, 'AWS::CloudFront::ResponseHeadersPolicy').get('Cdn/ConsoleHeaders/Resource')!;
      expect(consoleBehavior().ResponseHeadersPolicyId).toEqual({ Ref: policy.logicalId });
      const { SecurityHeadersConfig } = policy.Properties.ResponseHeadersPolicyConfig;
      // The sign-in domain is built from the account and region, so the policy is a join of them.
      const [, parts] = SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'];
      const text = (parts as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
      expect(text).toContain("script-src 'self';");
      expect(text).toContain("style-src 'self';");
      expect(text).toMatch(/connect-src 'self' https:\/\/village-direct-.*\.auth\..*AWS::Region.*\.amazoncognito\.com;/);
      expect(text).toContain("frame-ancestors 'none'");
      expect(text).not.toContain('unsafe-');
      expect(SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000, Override: true });
      expect(SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    });

    if (config.domain) {
      it('serves HTTP/2 and 3 on its own domain, with its certificate and TLS 1.2 at least', () => {
        expect(distributionConfig(s)).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_200' });
        expect(distributionConfig(s).Aliases).toEqual([DOMAIN]);
        expect(distributionConfig(s).ViewerCertificate).toEqual({
          AcmCertificateArn: CERTIFICATE_ARN,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        });
      });
    } else {
      it('serves HTTP/2 and 3 on the default certificate, whose TLS floor CloudFront fixes (acknowledged below)', () => {
        expect(distributionConfig(s)).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_200' });
        expect(distributionConfig(s).ViewerCertificate).toBeUndefined();
        expect(distributionConfig(s).Aliases).toBeUndefined();
      });
    }

    it('filters every request through the web ACL of the edge stack, which deploys first', () => {
      expect(distributionConfig(s).WebACLId).toEqual({
        'Fn::GetStackOutput': { StackName: ids.edge, OutputName: 'WebAclArn', Region: 'us-east-1' },
      });
      const [webAclId] = Object.keys(s.edge.findResources('AWS::WAFv2::WebACL'));
      expect(s.edge.findOutputs('WebAclArn').WebAclArn!.Value).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
      expect(s.assembly.getStackArtifact(ids.stateless).dependencies.map((d) => d.id)).toContain(ids.edge);
    });

    it('uploads the built page and console and invalidates only their pages, of this distribution', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const [pageBucketId] = Object.keys(s.stateful.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: {} } }));
      const uploads = Object.values(s.stateless.findResources('Custom::CDKBucketDeployment'));
      expect(uploads).toHaveLength(1);
      const upload = uploads[0]!.Properties;
      expect(exported(s.stateful, upload.DestinationBucketName)).toEqual({ Ref: pageBucketId });
      expect(upload).toMatchObject({
        DistributionId: { Ref: distributionId },
        DistributionPaths: ['/index.html', '/console/*'],
        Prune: false,
        SystemMetadata: { 'cache-control': expect.stringMatching(/max-age=\d+/) },
      });
      expect(readFileSync(path.join(deployedPage(s), 'index.html'), 'utf8')).toMatch(/^<!doctype html>/i);

      const distributionArn = {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }],
        ],
      };
      const keys = upload.SourceObjectKeys as string[];
      const read = (key: string) => ['s3:GetObject', { 'Fn::Join': ['', expect.arrayContaining([`/${key}`])] }];
      const role = byPath(s.stateless, 'AWS::IAM::Policy').get('Page/Role/DefaultPolicy/Resource')!;
      const granted = (role.Properties.PolicyDocument.Statement as Statement[]).map((st) => [[st.Action].flat().join(), st.Resource]);
      expect(granted).toEqual([
        ['logs:CreateLogStream,logs:PutLogEvents', { 'Fn::GetAtt': [expect.stringMatching(/^PageLogGroup/), 'Arn'] }],
        ...keys.slice(0, 1).map(read),
        ['cloudfront:CreateInvalidation', distributionArn],
        ['cloudfront:GetInvalidation', distributionArn],
        ...keys.slice(1).map(read),
      ]);
      // The built files, then the console's page and configuration, which carry deploy-time values: the
      // sign-in domain (account and region) in both, and the console's app client in its configuration.
      expect(keys).toHaveLength(3);
      const [, page, settings] = upload.SourceMarkers as Record<string, unknown>[];
      expect(Object.values(page!)).toEqual([{ Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }]);
      const [consoleClient] = byPath(s.stateless, 'AWS::Cognito::UserPoolClient').values();
      // and, without a domain of its own, the distribution's domain in the console's redirect URI.
      expect(Object.values(settings!)).toEqual([
        { Ref: 'AWS::AccountId' },
        { Ref: 'AWS::Region' },
        { Ref: consoleClient!.logicalId },
        ...(config.domain ? [] : [{ 'Fn::GetAtt': [distributionId, 'DomainName'] }]),
      ]);
    });
  });
});
