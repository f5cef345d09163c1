import { describe, expect, it } from 'vitest';
import { allPhases } from '../platform/phases';
import { moduleManifests } from './index';
import { moduleServers } from './index.server';

describe('the module registry', () => {
  it('has a server half for every module kind, under the same id', () => {
    expect(Object.keys(moduleServers).sort()).toEqual(Object.keys(moduleManifests).sort());
    for (const [id, manifest] of Object.entries(moduleManifests)) {
      expect(manifest.id).toBe(id);
      expect(moduleServers[id]?.id).toBe(id);
    }
  });

  it('lets every module kind run only in known phases, and names it in French and English', () => {
    for (const manifest of Object.values(moduleManifests)) {
      expect(manifest.phases.length).toBeGreaterThan(0);
      expect(manifest.phases.every((phase) => (allPhases as readonly string[]).includes(phase))).toBe(true);
      expect(manifest.name.fr && manifest.name.en).toBeTruthy();
    }
  });

  it('checks a notice’s configuration: a title is required, unknown languages are refused', () => {
    const { configSchema } = moduleManifests.notice!;
    expect(configSchema.safeParse({ title: { fr: 'Bienvenue' }, body: { fr: 'Texte' } }).success).toBe(true);
    expect(configSchema.safeParse({ title: { fr: '' }, body: {} }).success).toBe(false);
    expect(configSchema.safeParse({ title: { 'not a language': 'x' }, body: {} }).success).toBe(false);
  });
});
