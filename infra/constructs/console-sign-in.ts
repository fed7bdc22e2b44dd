// Sign-in for people: Cognito's managed login on a domain of the user pool, with two public app clients
// that use the authorization code flow with PKCE — the console (redirecting back to /console/) and the
// command line (redirecting to a loopback port, as `aws sso login` does). Cognito's pages handle the
// first sign-in's password change and the authenticator setup the pool requires. In the stateless stack:
// the clients need the distribution's URL, and replacing them loses no user.
import { Aws, Duration } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  ClientAttributes,
  type IUserPool,
  ManagedLoginVersion,
  OAuthScope,
  UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The loopback address the command-line sign-in listens on; Cognito allows http for localhost only. */
export const CLI_REDIRECT = 'http://localhost:8976/callback';

export interface ConsoleSignInProps {
  readonly userPool: IUserPool;
  /** The prefix of the sign-in domain. */
  readonly domainPrefix: string;
}

export class ConsoleSignIn extends Construct {
  readonly domain: UserPoolDomain;
  /** The sign-in domain's host name, e.g. `village-direct-prod-….auth.ap-east-1.amazoncognito.com`. */
  readonly domainName: string;
  private readonly userPool: IUserPool;

  constructor(scope: Construct, id: string, props: ConsoleSignInProps) {
    super(scope, id);
    this.userPool = props.userPool;
    this.domain = new UserPoolDomain(this, 'Domain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.domainName = `${props.domainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;
  }

  /** The console's client, returning to `{publicUrl}/console/` after sign-in and sign-out. */
  addConsoleClient(publicUrl: string): UserPoolClient {
    return this.addClient('Console', [`${publicUrl}/console/`]);
  }

  /** The command line's client, returning to the loopback port. */
  addCommandLineClient(): UserPoolClient {
    return this.addClient('CommandLine', [CLI_REDIRECT]);
  }

  private addClient(id: string, urls: string[]): UserPoolClient {
    // Created here, not with userPool.addClient, which would put it in the user pool's (stateful) stack.
    const client = new UserPoolClient(this, `${id}Client`, {
      userPool: this.userPool,
      // Public clients: a browser or a laptop keeps no secret; PKCE binds each code to its requester.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: urls,
        logoutUrls: urls,
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // Village staff sign in on a phone that is offline for days at a harvest: a month keeps them in.
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('villageId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
    // Managed login shows each client's pages in a branding style; Cognito's own look is enough.
    new CfnManagedLoginBranding(this, `${id}Branding`, {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    }).node.addDependency(this.domain);
    return client;
  }
}
