// The shoppers' front door: one CloudFront distribution serves the page from the private bucket, the
// scan lookup from the API through a cache, and every other API path straight through, all with the
// same security headers.
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BucketPolicy, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from '../../shared/config';
import { VIEWER_ADDRESS_SOURCE } from './viewer-address';
import type { CustomDomain } from '../config';
import { originShieldRegionFor } from '../regions';
import { consoleCsp } from '../../web/console/build';
import type { ShopperPage } from '../shopper-page';

/** The scan lookup, cached by the CDN; every other API path goes to the API uncached. */
export const SCAN_PATH_PATTERN = '/api/v1/scan/*';
/** The API's origin id, which the page-route function (web/rewrite.js) selects for resolver requests. */
export const API_ORIGIN_ID = 'api';
/** The one query string the page behaviour's cache key holds: the resolver's answer varies on it. */
export const LINK_TYPE_QUERY = 'linkType';
export const API_PATH_PATTERN = '/api/*';
/** The console: its page, script, style, service worker and configuration. */
export const CONSOLE_PATH_PATTERN = '/console/*';

/**
 * The Content-Security-Policy of every response: nothing loads unless listed, and the page may only
 * run its own script and style (by hash while it inlines them) and call its own origin. While the
 * page inlines, a deploy that changes it changes this header too, and for the minutes until an edge
 * has both the new header and the new page it serves a page its header blocks; same-origin script
 * and style files would leave the header fixed.
 */
export function contentSecurityPolicy(page: Pick<ShopperPage, 'inlineScripts' | 'inlineStyles'>): string {
  return [
    "default-src 'none'",
    ["script-src 'self'", ...page.inlineScripts].join(' '),
    ["style-src 'self'", ...page.inlineStyles].join(' '),
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface ShopperCdnProps {
  /** The private bucket the page is served from. Its policy is created here (see below). */
  readonly pageBucket: IBucket;
  /** The HTTP API behind `/api/*`. */
  readonly api: IHttpApi;
  /** The built page: its rewrite function and the hashes of what it inlines. */
  readonly page: ShopperPage;
  /**
   * The stage's own domain, served with its certificate and TLS 1.2 at least.
   * @default - the `*.cloudfront.net` domain with CloudFront's default certificate
   */
  readonly domain?: CustomDomain;
  /** Whether API requests go through an Origin Shield cache, in the region nearest the API that has one. */
  readonly originShield: boolean;
  /** The ARN of the CLOUDFRONT-scope WAF web ACL (in us-east-1) that filters every request. */
  readonly webAclArn: string;
  /** The value CloudFront adds to every API request as ORIGIN_HEADER (a deploy-time reference). */
  readonly originSecret: string;
  /** The sign-in domain's origin (`https://…amazoncognito.com`), which the console calls for tokens. */
  readonly consoleAuthOrigin: string;
}

/** A CloudFront distribution in front of the page bucket and the HTTP API. */
export class ShopperCdn extends Construct {
  readonly distribution: Distribution;
  /** `https://` and the domain shoppers' QR codes point to, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ShopperCdnProps) {
    super(scope, id);
    const { pageBucket, page, domain } = props;

    // The bucket's policy must name this distribution (Origin Access Control's AWS:SourceArn), so it
    // is created in this stack: made in the bucket's stack, each stack would depend on the other.
    // Assigned before the origin is bound, which adds its statement to whatever policy the bucket has.
    pageBucket.policy = new BucketPolicy(this, 'PageBucketPolicy', { bucket: pageBucket });
    pageBucket.policy.document.addStatements(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:*'],
        resources: [pageBucket.bucketArn, pageBucket.arnForObjects('*')],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Strict CSP, HSTS and no framing for the shopper page and the API',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(page), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });

    // The console loads its own script and style files and calls the sign-in domain for tokens.
    const consoleHeaders = new ResponseHeadersPolicy(this, 'ConsoleHeaders', {
      comment: 'CSP, HSTS and no framing for the console',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: `${consoleCsp(props.consoleAuthOrigin)}; frame-ancestors 'none'`, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      },
    });

    // Shoppers' QR URLs (/l/…, /01/…/10/…) are answered by the one page. Rewritten before the cache
    // lookup, so every lot shares the one cached copy of /index.html. A Digital Link URI asked for links
    // (Accept: application/linkset+json, or ?linkType=…) is rewritten to the resolver's API route instead,
    // and sent to the API origin (cf.selectRequestOriginById): a rewritten URI alone never changes the
    // behaviour, which CloudFront picks from the viewer's path.
    const pageRoutes = new CloudFrontFunction(this, 'PageRoutes', {
      code: FunctionCode.fromFile({ filePath: page.rewriteFile }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Page routes of QR codes to /index.html; Digital Link link requests to the resolver',
    });

    // The API paths' viewer address: API Gateway's access log holds only the edge's (./viewer-address.ts).
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      code: FunctionCode.fromInline(VIEWER_ADDRESS_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Passes the viewer address on to the API',
    });

    // Keyed on the path alone, so a lot is one cache entry whoever asks; how long it is kept is the
    // scan function's Cache-Control (s-maxage, stale-while-revalidate, stale-if-error). The maximum
    // only has to let a day of stale-if-error through.
    const scanCache = new CachePolicy(this, 'ScanCache', {
      comment: 'Scan lookups: the path is the key; the origin Cache-Control decides how long',
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(2),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });

    // The page behaviour's cache: CACHING_OPTIMIZED's key (the path, compressed encodings) plus the
    // `linkType` query string, which the page-route function leaves as the only one on a resolver request
    // (it turns the linkset Accept header into linkType=all), so the key holds all the resolver's answer
    // varies on. Minimum TTL 0: the resolver's Cache-Control (30 s at the CDN) and no-store on its errors
    // are honoured; the page's own caching is unchanged.
    const pageCache = new CachePolicy(this, 'PageCache', {
      comment: 'Page and resolver: the path and linkType are the key; the origin Cache-Control decides how long',
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.allowList(LINK_TYPE_QUERY),
      cookieBehavior: CacheCookieBehavior.none(),
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });

    // The HTTP API's own host name: the API Gateway endpoint without its scheme.
    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      originId: API_ORIGIN_ID,
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // The functions refuse any request without it: the API's own URL leads around the WAF and the cache.
      customHeaders: { [ORIGIN_HEADER]: props.originSecret },
      // In the API's own region when it has Origin Shield, otherwise the nearest that has it: CloudFront
      // refuses any other region (ap-east-1, for one, has none).
      originShieldRegion: props.originShield ? originShieldRegionFor(Stack.of(this).region) : undefined,
    });
    const api = {
      origin: apiOrigin,
      // API clients send credentials: no redirect from plain HTTP, which would already have sent them.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      responseHeadersPolicy: headers,
    } satisfies Partial<BehaviorOptions>;

    // The page and the console are files of the page bucket; /console/ is rewritten to its index.html too.
    const pageFiles = {
      origin: S3BucketOrigin.withOriginAccessControl(pageBucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // Its key also holds linkType, for the resolver requests the page-route function sends to the API.
      cachePolicy: pageCache,
      functionAssociations: [{ function: pageRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
    } satisfies Partial<BehaviorOptions>;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Shopper page and API (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      defaultBehavior: { ...pageFiles, responseHeadersPolicy: headers },
      // CloudFront takes the first pattern that matches, in this order.
      additionalBehaviors: {
        [CONSOLE_PATH_PATTERN]: { ...pageFiles, responseHeadersPolicy: consoleHeaders },
        [SCAN_PATH_PATTERN]: {
          ...api,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          cachePolicy: scanCache,
        },
        // Ops and staff calls carry an Authorization header and store webhooks their signature
        // headers: all of them reach the API (Host excepted, which must be the API's own), with the
        // viewer's address, and nothing is cached.
        [API_PATH_PATTERN]: {
          ...api,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      // North America, Europe and Asia (Hong Kong, Japan, Singapore…), where shoppers scan from.
      priceClass: PriceClass.PRICE_CLASS_200,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Standard logs (v2) are delivered to the log bucket by CdnLogDelivery, in the us-east-1 telemetry stack.
      webAclId: props.webAclArn,
      // TLS 1.2 at least needs a certificate of the stage's own: the default *.cloudfront.net one
      // is fixed at TLSv1 (which is why prod refuses to synthesize without a domain).
      ...(domain && {
        domainNames: [domain.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    this.url = `https://${domain?.domainName ?? this.distribution.distributionDomainName}`;

    // Geo restriction and (without a domain) the default certificate's TLS policy.
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason:
        'Shoppers scan from wherever the produce is sold and carried, and ops and stores work from many ' +
        'places: no country list would be right. The page and the scan lookup hold no personal or price data.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR3',
      reason:
        'The distribution has standard logging (v2): the us-east-1 CdnTelemetry stack delivers its access logs ' +
        "to the log bucket in the stage's region (CdnLogDelivery). The check reads only the legacy logging " +
        'setting, which CloudFront cannot deliver to a bucket in an opt-in region such as ap-east-1.',
    });
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution answers on *.cloudfront.net with CloudFront’s default ' +
          'certificate, whose security policy is fixed at TLSv1 and cannot be raised. Only dev may run so ' +
          '(prod refuses to synthesize without a domain); browsers and the API clients negotiate TLS 1.2 or ' +
          '1.3 anyway. A stage with a domain gets TLSv1.2_2021 and no acknowledgment.',
      });
    }
  }
}
