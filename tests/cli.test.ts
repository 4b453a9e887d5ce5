// The CLI surface: help everywhere, exit codes, and the installed bin.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

describe('llmsim CLI', () => {
  it('prints help for every command, exit 0', async () => {
    for (const args of [
      ['--help'],
      ['roofline', '--help'],
      ['validate', '--help'],
      ['sweep', '--help'],
      ['hw', '--help'],
      ['hw', 'validate', '--help'],
      ['hw', 'show', '--help'],
      ['models', '--help'],
      ['models', 'show', '--help'],
    ]) {
      const r = await runCli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toContain('Usage: llmsim');
    }
  });

  it('exits 2 on an unknown command or option, with a suggestion', async () => {
    const cmd = await runCli('hw', 'lst');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('(Did you mean list?)');
    const opt = await runCli('hw', 'list', '--jsn');
    expect(opt.code).toBe(2);
    expect(opt.err).toContain('--json');
  });

  it('runs as the installed bin (built by npm ci / npm test)', () => {
    expect(existsSync('dist/cli/main.js'), 'run `npm run build` first').toBe(true);
    const out = execFileSync(process.execPath, ['bin/llmsim.js', 'hw', 'show', 'a100-80gb-sxm', '--json'], {
      encoding: 'utf8',
    });
    expect((JSON.parse(out) as { device: { id: string } }).device.id).toBe('a100-80gb-sxm');
    const bad = spawnSync(process.execPath, ['bin/llmsim.js', 'models', 'show', 'no-such-model'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown model');
  });
});
