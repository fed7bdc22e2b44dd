// Where Origin Shield sits for each region the stage may deploy to, and the region itself.
import { describe, expect, it } from 'vitest';
import { mainRegion, originShieldRegionFor, originShieldRegions } from '../../infra/regions';

describe('regions', () => {
  it('shields an origin from a region that has Origin Shield: its own, or for the others one that does', () => {
    const shieldRegions = new Set(Object.values(originShieldRegions));
    for (const shield of shieldRegions) expect(originShieldRegions[shield], shield).toBe(shield);
    expect(originShieldRegionFor('ap-east-1')).toBe('ap-southeast-1');
    expect(originShieldRegionFor('ap-northeast-1')).toBe('ap-northeast-1');
    expect(shieldRegions.has('ap-east-1')).toBe(false);
  });

  it('refuses at synth a region with no known Origin Shield region, saying where to add it', () => {
    expect(() => originShieldRegionFor('ap-southeast-9')).toThrow(
      /No Origin Shield region is known for ap-southeast-9.*infra\/regions\.ts/,
    );
  });

  it('pins the stacks to the region the CLI gives, and refuses to guess one', () => {
    expect(mainRegion({ CDK_DEFAULT_REGION: 'ap-east-1' })).toBe('ap-east-1');
    expect(() => mainRegion({})).toThrow(/set AWS_REGION/);
  });
});
