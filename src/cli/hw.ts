// `llmsim hw list | show | validate`: parse flags, call the hardware module, print.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { InputError, formatProblem } from '../errors.js';
import {
  DEFAULT_HW_DIR,
  displayPath,
  listDescriptorFiles,
  loadDescriptorSet,
  loadShippedCatalog,
} from '../hardware/catalog.js';
import { clusterFromSystem, resolveHardware } from '../hardware/cluster.js';
import {
  clusterText,
  deviceListText,
  deviceText,
  linkListText,
  linkText,
  systemListText,
} from '../reports/hardware-text.js';
import { printJson, type Io } from './io.js';

export function hwCommand(io: Io): Command {
  const hw = new Command('hw').description('hardware descriptors: devices, links/NICs and systems in hw-specs/');

  hw.command('list')
    .description('list devices, links and systems')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const cat = loadShippedCatalog();
      const devices = [...cat.devices.values()];
      const links = [...cat.links.values()];
      const systems = [...cat.systems.values()].map((s) => clusterFromSystem(s, cat));
      if (opts.json) {
        printJson(io, {
          devices: devices.map((d) => ({ id: d.id, kind: d.kind, name: d.name, aliases: d.aliases })),
          links: links.map((l) => ({ id: l.id, type: l.type, scope: l.scope, name: l.name })),
          systems: systems.map((s) => ({ id: s.id, name: s.name, totalDevices: s.totalDevices })),
        });
        return;
      }
      io.out(deviceListText(devices) + '\n' + linkListText(links) + '\n' + systemListText(systems));
      io.out('\nAny device also runs as <device>x<N> (e.g. h100-sxmx16); see: llmsim hw show <id>\n');
    });

  hw.command('show')
    .description('show one device, link or system (or <device>x<N>) with every number and its source')
    .argument('<id>', 'device id or alias, link id, system id, <device>x<N>, or a .json file')
    .option('--json', 'print the resolved descriptor in SI units (FLOP/s, B, B/s, s, W, Hz)')
    .action((id: string, opts: { json?: boolean }) => {
      const cat = loadShippedCatalog();
      const device = cat.devices.get(cat.deviceAliases.get(id) ?? id);
      const link = cat.links.get(id);
      if (device) {
        if (opts.json) printJson(io, { kind: 'device', units: SI_UNITS, device });
        else io.out(deviceText(device));
      } else if (link) {
        if (opts.json) printJson(io, { kind: 'link', units: SI_UNITS, link });
        else io.out(linkText(link));
      } else {
        const cluster = resolveHardware(id, cat);
        if (opts.json) printJson(io, { kind: 'cluster', units: SI_UNITS, cluster });
        else io.out(clusterText(cluster));
      }
    });

  hw.command('validate')
    .description('check descriptor files (all of hw-specs/ when none are given): schema, units, references')
    .argument('[files...]', 'descriptor files to check together with the shipped ones')
    .option('--json', 'machine-readable list of problems')
    .action((files: string[], opts: { json?: boolean }) => {
      const shippedFiles = listDescriptorFiles(DEFAULT_HW_DIR);
      const given = files.map((f) => resolve(f));
      // the given files are checked in the context of the shipped ones (their links and devices)
      const set = [...shippedFiles.filter((f) => !given.includes(f)), ...given];
      const { problems } = loadDescriptorSet(set);
      const checked = files.length ? files.map(displayPath) : shippedFiles.map(displayPath);
      if (opts.json) printJson(io, { checked, problems });
      if (problems.length) {
        throw new InputError(`${problems.length} problem(s) in hardware descriptors`, problems);
      }
      if (!opts.json) io.out(`ok: ${checked.length} descriptor file(s) valid\n`);
    });

  return hw;
}

/** Units of the numbers in `hw show --json`, by field-name suffix. */
const SI_UNITS = {
  peakFlops: 'FLOP/s (OP/s for int precisions)',
  Bytes: 'B',
  BytesPerS: 'B/s',
  S: 's',
  W: 'W',
  Hz: 'Hz',
  priceUsd: 'USD',
};

export { formatProblem };
