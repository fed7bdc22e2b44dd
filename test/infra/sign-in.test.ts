// Sign-in for people: the managed login domain, the console's and the command line's app clients, and
// who Cognito's emails come from, in each stage.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { CLI_REDIRECT } from '../../infra/constructs/console-sign-in';
import { CLAIM } from '../../shared/auth';
import { configOf, contextOf, DOMAIN } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath, exported } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);
  const clients = () => byPath(s.stateless, 'AWS::Cognito::UserPoolClient');
  const [poolId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPool'));

  describe('sign-in', () => {
    it("puts Cognito's managed login (its newer pages, which handle the first password change and MFA setup) on a domain of the pool", () => {
      const domains = Object.values(s.stateless.findResources('AWS::Cognito::UserPoolDomain'));
      expect(domains).toHaveLength(1);
      const { Domain, ManagedLoginVersion, UserPoolId } = domains[0]!.Properties;
      expect(ManagedLoginVersion).toBe(2);
      expect(exported(s.stateful, UserPoolId)).toEqual({ Ref: poolId });
      // village-direct-{stage}-{account}: unique per account and stage, with no reserved word in it.
      expect(Domain).toEqual({ 'Fn::Join': ['', [`village-direct-${stage}-`, { Ref: 'AWS::AccountId' }]] });
    });

    it('gives the console and the command line public clients of the code flow only, each returning to its own address', () => {
      const publicUrl = config.domain ? `https://${DOMAIN}` : undefined;
      const console = clients().get('SignIn/ConsoleClient/Resource')!.Properties;
      const commandLine = clients().get('SignIn/CommandLineClient/Resource')!.Properties;
      for (const client of [console, commandLine]) {
        expect(client).toMatchObject({
          GenerateSecret: false,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'profile'],
          SupportedIdentityProviders: ['COGNITO'],
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'ENABLED',
        });
        // No password flows of their own: people sign in on Cognito's pages only.
        expect(client.ExplicitAuthFlows ?? []).toEqual([]);
        expect(client.ReadAttributes).toContain(CLAIM.villageId);
        expect(client.WriteAttributes).not.toContain(CLAIM.villageId);
        expect(exported(s.stateful, client.UserPoolId)).toEqual({ Ref: poolId });
      }
      expect(commandLine.CallbackURLs).toEqual([CLI_REDIRECT]);
      expect(CLI_REDIRECT).toMatch(/^http:\/\/localhost:\d+\//);
      if (publicUrl) {
        expect(console.CallbackURLs).toEqual([`${publicUrl}/console/`]);
        expect(console.LogoutURLs).toEqual([`${publicUrl}/console/`]);
      } else {
        const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
        const onDistribution = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/console/']] };
        expect(console.CallbackURLs).toEqual([onDistribution]);
        expect(console.LogoutURLs).toEqual([onDistribution]);
      }
    });

    it('brands each client with Cognito’s own look, after the domain exists', () => {
      const brandings = Object.values(s.stateless.findResources('AWS::Cognito::ManagedLoginBranding'));
      expect(brandings.map((b) => b.Properties.ClientId.Ref).sort()).toEqual([...clients().values()].map((c) => c.logicalId).sort());
      const [domainId] = Object.keys(s.stateless.findResources('AWS::Cognito::UserPoolDomain'));
      for (const branding of brandings) {
        expect(branding.Properties.UseCognitoProvidedValues).toBe(true);
        expect(branding.DependsOn).toContain(domainId);
      }
    });

    if (config.email) {
      it('sends invitations and codes through SES from the configured address, not Cognito’s 50 a day', () => {
        const { EmailConfiguration } = Object.values(s.stateful.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
        const { sesFromEmail, sesRegion } = contextOf[stage] as { sesFromEmail: string; sesRegion: string };
        expect(EmailConfiguration).toMatchObject({ EmailSendingAccount: 'DEVELOPER', From: expect.stringContaining(`<${sesFromEmail}>`) });
        expect(JSON.stringify(EmailConfiguration.SourceArn)).toContain(`:ses:${sesRegion}:`);
        expect(JSON.stringify(EmailConfiguration.SourceArn)).toContain(`identity/${sesFromEmail}`);
      });
    } else {
      it('sends with Cognito’s own sender, enough for a few developers', () => {
        const { EmailConfiguration } = Object.values(s.stateful.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
        expect(EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
      });
    }

    it('outputs where the console is, the sign-in domain and the command line’s client', () => {
      const outputs = s.stateless.findOutputs('*');
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ConsoleUrl', 'SignInDomain', 'CommandLineClientId']));
      expect(outputs.CommandLineClientId!.Value).toEqual({ Ref: clients().get('SignIn/CommandLineClient/Resource')!.logicalId });
    });
  });
});
