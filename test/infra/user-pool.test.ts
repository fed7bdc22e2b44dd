// The user pool and its app client, in each stage.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { CLAIM, GROUP } from '../../shared/auth';
import { DOMAIN } from './support/stages';
import { synthesized } from './support/synthesized';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);

  describe('user pool', () => {
    it('lets only administrators create accounts, requires MFA and is retained', () => {
      s.stateful.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          MfaConfiguration: 'ON',
          DeletionProtection: 'ACTIVE',
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: Match.anyValue(),
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }),
          },
          Schema: Match.arrayWith([Match.objectLike({ Name: CLAIM.villageId.replace(/^custom:/, ''), AttributeDataType: 'String' })]),
        }),
      });
      const minimumLength = Object.values(s.stateful.findResources('AWS::Cognito::UserPool'))[0]?.Properties.Policies.PasswordPolicy
        .MinimumLength;
      expect(minimumLength).toBeGreaterThanOrEqual(12);
    });

    it('has the ops and village groups the functions authorize by', () => {
      const names = Object.values(s.stateful.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
      expect(names.sort()).toEqual([GROUP.ops, GROUP.village].sort());
    });

    it(`invites in zh and en with the user name and temporary password, ${stage === 'prod' ? 'naming the console it deploys' : 'saying ops will send the address'}`, () => {
      const pool = Object.values(s.stateful.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
      const invitation = pool.AdminCreateUserConfig.InviteMessageTemplate;
      expect(invitation.EmailSubject).toBe('产地直采账号已开通 · Your Village Direct account');
      // Cognito refuses an invitation without both placeholders; each language names them.
      expect(invitation.EmailMessage.match(/\{username\}/g)).toHaveLength(2);
      expect(invitation.EmailMessage.match(/\{####\}/g)).toHaveLength(2);
      const consoleUrl = Object.values(s.stateless.findOutputs('ConsoleUrl'))[0]!.Value;
      if (stage === 'prod') {
        expect(consoleUrl).toBe(`https://${DOMAIN}/console/`);
        expect(invitation.EmailMessage).toContain(`<a href="${consoleUrl}">${consoleUrl}</a>`);
      } else {
        expect(invitation.EmailMessage).not.toMatch(/https:|href/);
        expect(invitation.EmailMessage).toContain('The sourcing team will send you the address');
      }
    });

    it('has a secretless app client that puts villageId in ID tokens but cannot change it', () => {
      s.stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
      const client = Object.values(s.stateful.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
      expect(client.GenerateSecret).toBe(false);
      expect(client.ReadAttributes).toContain(CLAIM.villageId);
      expect(client.WriteAttributes ?? []).not.toContain(CLAIM.villageId);
      // No hosted UI: no OAuth flows or callback URLs that could leak tokens.
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
      expect(client.CallbackURLs).toBeUndefined();
    });
  });
});
