// The cdk-nag gate itself, in memory: a finding that is not acknowledged fails synthesis.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config';
import { ProgramHttpApi } from '../../infra/constructs/http-api';
import { ProgramUserPool } from '../../infra/constructs/user-pool';

describe('the cdk-nag gate', () => {
  it('fails synthesis on a public route added outside the route table', { timeout: 30_000 }, () => {
    // In memory, a failed validation throws; the CLI exits non-zero instead (see nag-report.test.ts).
    const app = new App({ context: { '@aws-cdk/core:appMode': 'inmemory' }, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Probe');
    const users = new ProgramUserPool(stack, 'Users');
    const api = new ProgramHttpApi(stack, 'HttpApi', {
      userPool: users.userPool,
      userPoolClient: users.client,
      throttle: stageConfig('dev').throttle,
      logRetention: stageConfig('dev').logRetention,
      logRemovalPolicy: stageConfig('dev').logRemovalPolicy,
    });
    api.api.addRoutes({
      path: '/probe',
      integration: new HttpUrlIntegration('Probe', 'https://example.com'),
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-APIG4/);
  });
});
