// The stage's context keys (`-c key=value` or cdk.json), read and checked: a value that cannot work is
// refused at synth with what to pass instead, rather than failing half-way through a deploy.
import type { CustomDomain, EmailSender, Stage } from './config';

/** The context keys (`-c key=value`) a stage reads besides `stage`. */
export interface StageContext {
  readonly domainName?: unknown;
  readonly certificateArn?: unknown;
  /** Comma-separated addresses, or an array of them (from a context file). */
  readonly alarmEmails?: unknown;
  /** A Secrets Manager version id of the origin secret. */
  readonly originSecretVersion?: unknown;
  readonly sesFromEmail?: unknown;
  readonly sesRegion?: unknown;
  readonly signInDomainPrefix?: unknown;
}

const hostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** CloudFront reads certificates from ACM in us-east-1 only. */
const cloudFrontCertificateArn = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const emailAddress = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
/** Secrets Manager version ids: 32 to 64 letters, digits and hyphens (a UUID when Secrets Manager makes them). */
const secretVersionId = /^[A-Za-z0-9-]{32,64}$/;

export function originSecretVersionOf(stage: Stage, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !secretVersionId.test(value)) {
    throw new Error(`Stage "${stage}": originSecretVersion must be a Secrets Manager version id, got "${String(value)}"`);
  }
  return value;
}

export function domainOf(stage: Stage, context: StageContext, required: boolean): CustomDomain | undefined {
  const { domainName, certificateArn } = context;
  if (domainName === undefined && certificateArn === undefined) {
    if (!required) return undefined;
    throw new Error(
      `Stage "${stage}" needs its own domain: CloudFront's default *.cloudfront.net certificate accepts TLS 1.0, ` +
        'and this stage must require TLS 1.2. Pass -c domainName=<host> -c certificateArn=<ACM certificate ARN in us-east-1>.',
    );
  }
  if (typeof domainName !== 'string' || !hostName.test(domainName)) {
    throw new Error(`Stage "${stage}": domainName must be a host name such as trace.example.com, got "${String(domainName)}"`);
  }
  if (typeof certificateArn !== 'string' || !cloudFrontCertificateArn.test(certificateArn)) {
    throw new Error(
      `Stage "${stage}": certificateArn must be an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:…), ` +
        `the only region CloudFront reads certificates from; got "${String(certificateArn)}"`,
    );
  }
  return { domainName, certificateArn };
}

export function emailOf(stage: Stage, context: StageContext, required: boolean): EmailSender | undefined {
  const { sesFromEmail, sesRegion } = context;
  if (sesFromEmail === undefined || sesFromEmail === '') {
    if (!required) return undefined;
    throw new Error(
      `Stage "${stage}" needs an SES sender for Cognito's emails (its own sender allows 50 a day): ` +
        'pass -c sesFromEmail=<verified address> and, if the SES identity is in another region, -c sesRegion=<region>.',
    );
  }
  if (typeof sesFromEmail !== 'string' || !emailAddress.test(sesFromEmail)) {
    throw new Error(`Stage "${stage}": sesFromEmail must be an email address, got "${String(sesFromEmail)}"`);
  }
  if (sesRegion !== undefined && (typeof sesRegion !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(sesRegion))) {
    throw new Error(`Stage "${stage}": sesRegion must be a region such as ap-southeast-1, got "${String(sesRegion)}"`);
  }
  return { fromEmail: sesFromEmail, ...(sesRegion && { sesRegion: sesRegion as string }) };
}

export function signInDomainPrefixOf(stage: Stage, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) || /aws|amazon|cognito/.test(value)) {
    throw new Error(
      `Stage "${stage}": signInDomainPrefix must be lowercase letters, digits and hyphens without aws, amazon or cognito; got "${String(value)}"`,
    );
  }
  return value;
}

export function alarmEmailsOf(stage: Stage, value: unknown): string[] {
  if (value === undefined || value === '') return [];
  const emails = (Array.isArray(value) ? value : String(value).split(',')).map((e) => String(e).trim()).filter(Boolean);
  const invalid = emails.filter((e) => !emailAddress.test(e));
  if (invalid.length > 0) throw new Error(`Stage "${stage}": alarmEmails has invalid addresses: ${invalid.join(', ')}`);
  return emails;
}
