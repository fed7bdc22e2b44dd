// What prod and dev do differently, read from both stages side by side.
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../infra/config';
import { functionGroups } from '../../shared/routes';
import { workerPaths } from './support/groups';
import { synthesized } from './support/synthesized';
import { distributionConfig } from './support/template';

describe('stage differences', () => {
  it('keeps prod logs (functions, API, WAF) six months, past stack deletion, and dev logs a week', () => {
    const retention = (stage: Stage) => {
      const s = synthesized(stage);
      const groups = [
        ...Object.values(s.stateless.findResources('AWS::Logs::LogGroup')),
        ...Object.values(s.edge.findResources('AWS::Logs::LogGroup')),
      ];
      // The functions, the job workers, the page upload, the API and the WAF.
      expect(groups.length).toBe(functionGroups.length + workerPaths.length + 3);
      return groups.map((g) => `${g.Properties.RetentionInDays} ${g.DeletionPolicy}`);
    };
    expect(new Set(retention('prod'))).toEqual(new Set(['180 Retain']));
    expect(new Set(retention('dev'))).toEqual(new Set(['7 Delete']));
  });
});

describe('stage differences, CDN', () => {
  it('puts Origin Shield in front of the API in prod only', () => {
    const shield = (stage: Stage) => {
      const config = distributionConfig(synthesized(stage));
      return (config.Origins as { CustomOriginConfig?: unknown; OriginShield?: { Enabled: boolean } }[])
        .filter((o) => o.CustomOriginConfig)
        .map((o) => o.OriginShield?.Enabled ?? false);
    };
    expect(shield('prod')).toEqual([true]);
    expect(shield('dev')).toEqual([false]);
  });
});
