// Who may sign in: the sourcing team (ops) and village staff, all created by an administrator.
// Village staff carry their village in the custom:villageId claim, which only an administrator may set.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIM, GROUP } from '../../shared/auth';
import type { EmailSender } from '../config';

/** The custom attribute behind the `custom:villageId` claim the functions read. */
const villageIdAttribute = CLAIM.villageId.replace(/^custom:/, '');

export interface ProgramUserPoolProps {
  /**
   * The SES identity Cognito sends invitations and codes from.
   * @default - Cognito's own sender, limited to 50 emails a day
   */
  readonly email?: EmailSender;
  /**
   * Where ops and staff sign in, named in the invitation: known when the stack is made only for a stage with
   * a domain of its own (prod always has one).
   * @default - the invitation says ops will send the address (the Stateless stack's `ConsoleUrl`)
   */
  readonly consoleUrl?: string;
}

/** How long an invitation's temporary password works. */
const TEMPORARY_PASSWORD_DAYS = 3;

/**
 * The invitation, zh first: who they are, the temporary password (Cognito fills in both), where to sign in,
 * and what the first sign-in asks of them.
 */
export function invitationEmail(consoleUrl: string | undefined): { subject: string; body: string } {
  const link = consoleUrl && `<a href="${consoleUrl}">${consoleUrl}</a>`;
  const zh = link ? `请在 ${link} 登录` : '登录地址由运营团队另行告知';
  const en = link ? `Sign in at ${link}` : 'The sourcing team will send you the address to sign in at';
  return {
    subject: '产地直采账号已开通 · Your Village Direct account',
    body:
      `<p>您的产地直采账号已开通。登录名：{username}，临时密码：{####}（${TEMPORARY_PASSWORD_DAYS} 天内有效）。` +
      `${zh}；首次登录时需设置新密码，并绑定身份验证器应用。</p>` +
      `<p>Your Village Direct account is ready. User name: {username}; temporary password: {####} (valid for ` +
      `${TEMPORARY_PASSWORD_DAYS} days). ${en}; the first sign-in asks you to choose a new password and to set up ` +
      'an authenticator app.</p>',
  };
}

/** The user pool and the app client whose ID tokens the HTTP API's JWT authorizer accepts. */
export class ProgramUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: ProgramUserPoolProps = {}) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Resource', {
      // Accounts are issued by ops; nobody can create one for themselves.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      // A changed email takes effect only once verified, so a stolen session cannot redirect recovery.
      keepOriginal: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // Mutable so ops can move staff between villages; the app client below cannot write it.
        [villageIdAttribute]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(TEMPORARY_PASSWORD_DAYS),
      },
      // These accounts sign agreements and record lots that decide farmers' pay: a second factor is
      // required. Authenticator apps only, so no SMS spending role or per-message cost.
      userInvitation: {
        emailSubject: invitationEmail(props.consoleUrl).subject,
        emailBody: invitationEmail(props.consoleUrl).body,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection blocks sign-ins with leaked credentials and adapts to risky ones.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.email && {
        email: UserPoolEmail.withSES({
          fromEmail: props.email.fromEmail,
          fromName: 'Village Direct 产地直采',
          sesRegion: props.email.sesRegion ?? Stack.of(this).region,
        }),
      }),
    });

    this.userPool.addGroup('OpsGroup', {
      groupName: GROUP.ops,
      description: 'Sourcing team: manages villages, crops, stores and agreements',
    });
    this.userPool.addGroup('VillageGroup', {
      groupName: GROUP.village,
      description: `Village staff: record harvests for the village in ${CLAIM.villageId}`,
    });

    this.client = this.userPool.addClient('AppClient', {
      // A public client (browser or phone) cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // Sign-in happens in the app through SRP; there is no hosted UI, so no OAuth redirect to abuse.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // The ID token carries only attributes the client may read, so villageId must be readable...
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(villageIdAttribute),
      // ...but never writable: staff could otherwise move themselves into another village.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
  }
}
