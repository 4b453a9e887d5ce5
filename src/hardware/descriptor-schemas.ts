// JSON Schemas of the hardware descriptors, written once with TypeBox so that the
// schema ajv validates against and the TypeScript types of raw descriptors cannot drift.
// `npm run schemas` writes them to hw-specs/schemas/ for editors ($schema autocompletion) and
// compiles them into the validators the CLI runs (generated/validators.ts); the CLI itself does not
// load this module (schema.ts holds the constants it needs).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  LINK_TYPES,
  MEMORY_TIERS,
  PRECISIONS,
  QUANTITY_FORMATS,
  type Precision,
  type QuantityFormat,
} from './schema.js';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9.-]*$', description: 'lower-case id, e.g. a100-80gb-sxm' });
const SourceKey = Type.String({ minLength: 1, description: 'a key of this file\'s "sources"' });

/**
 * A number with its provenance: `source` names an entry of the file's `sources`;
 * a number no document gives is marked `estimate` with the reason instead.
 */
/** A string enum (plain `enum`, so ajv reports one clear error instead of one per literal). */
function oneOfStrings<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

function sourced<T extends TSchema>(value: T, description: string) {
  return Type.Object(
    {
      value,
      source: Type.Optional(SourceKey),
      estimate: Type.Optional(Type.String({ minLength: 1, description: 'why this is an estimate' })),
      note: Type.Optional(Type.String()),
    },
    // exactly one of source / estimate: a number is either documented or admitted to be a guess
    { additionalProperties: false, description, oneOf: [{ required: ['source'] }, { required: ['estimate'] }] },
  );
}

function quantity(format: QuantityFormat, description: string) {
  const f = QUANTITY_FORMATS[format];
  return sourced(Type.String({ format, description: `${f.what}, e.g. "${f.example}"` }), description);
}
const positiveNumber = (description: string) => sourced(Type.Number({ exclusiveMinimum: 0 }), description);
const positiveInteger = (description: string) => sourced(Type.Integer({ minimum: 1 }), description);
const fraction = (description: string) => sourced(Type.Number({ exclusiveMinimum: 0, maximum: 1 }), description);

const Sources = Type.Record(
  Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$' }),
  Type.Object(
    { title: Type.String({ minLength: 1 }), url: Type.Optional(Type.String({ format: 'uri' })) },
    { additionalProperties: false },
  ),
  { description: 'documents the numbers in this file come from, by key' },
);

function precisionMap<T extends TSchema>(item: T, description: string) {
  return Type.Partial(
    Type.Object(Object.fromEntries(PRECISIONS.map((p) => [p, item])) as Record<Precision, T>, {
      additionalProperties: false,
    }),
    { description, minProperties: 1 },
  );
}
const PeakFlops = precisionMap(
  quantity('flops', 'dense peak rate'),
  'dense peak FLOP/s (or OP/s) per precision the device computes natively; no sparsity',
);

const MemoryTier = Type.Object(
  {
    tier: oneOfStrings(MEMORY_TIERS, 'where the bytes live'),
    technology: Type.Optional(Type.String({ description: 'e.g. HBM2e, LPDDR5X, UFS 4.0' })),
    capacity: quantity('bytes', 'capacity'),
    bandwidth: quantity('bandwidth', 'peak read bandwidth'),
    channels: Type.Optional(positiveInteger('independent memory channels')),
  },
  { additionalProperties: false },
);

const OnChipBuffer = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'e.g. L2, SRAM, URAM, BRAM, SLC' }),
    capacity: quantity('bytes', 'capacity'),
    bandwidth: Type.Optional(quantity('bandwidth', 'read bandwidth')),
  },
  { additionalProperties: false },
);

const MatrixTile = Type.Object(
  {
    m: Type.Integer({ minimum: 1 }),
    n: Type.Integer({ minimum: 1 }),
    k: Type.Integer({ minimum: 1 }),
    source: Type.Optional(SourceKey),
    estimate: Type.Optional(Type.String({ minLength: 1 })),
  },
  {
    additionalProperties: false,
    description: 'output tile one compute unit works on (for wave quantization)',
    oneOf: [{ required: ['source'] }, { required: ['estimate'] }],
  },
);

const ComputeUnits = Type.Object(
  {
    name: Type.String({ description: 'SM, CU, TensorCore, MME, ...' }),
    count: positiveInteger('number of compute units'),
    matrixTile: Type.Optional(MatrixTile),
  },
  { additionalProperties: false },
);

const LinkRef = Type.Object(
  {
    link: Id,
    maxDevices: Type.Optional(Type.Integer({ minimum: 1, description: 'devices one node of this kind holds' })),
  },
  { additionalProperties: false },
);
const NicRef = Type.Object(
  { link: Id, perNode: Type.Integer({ minimum: 1, description: 'NIC ports of this link per node' }) },
  { additionalProperties: false },
);

/** Achieved-vs-peak parameters, fitted by `npm run calibrate` from microbenchmarks (or by family). */
const DeviceEfficiency = Type.Object(
  {
    matmulPeakFraction: Type.Optional(
      fraction('fraction of the dense peak large GEMMs reach (after tile and wave quantization)'),
    ),
    memoryBandwidthFraction: Type.Optional(fraction('fraction of the memory bandwidth streaming kernels reach')),
    attentionPeakFraction: Type.Optional(
      fraction('fraction of the dense peak fused (FlashAttention-class) attention kernels reach, forward and backward'),
    ),
    trainingMatmulFraction: Type.Optional(
      fraction(
        'share of the calibrated matrix rate training steps sustain (clocks under long full load, gaps between kernels, communication kernels on the SMs); fitted to published training runs by npm run calibrate',
      ),
    ),
    kernelOverhead: Type.Optional(quantity('time', 'fixed time per kernel (launch and tail)')),
  },
  { additionalProperties: false },
);

const Price = sourced(Type.Number({ exclusiveMinimum: 0, description: 'US dollars per device' }), 'price');

const commonDevice = {
  $schema: Type.Optional(Type.String()),
  id: Id,
  name: Type.String({ minLength: 1 }),
  vendor: Type.String({ minLength: 1 }),
  aliases: Type.Optional(Type.Array(Id, { description: 'short names, e.g. "a100"' })),
  efficiency: Type.Optional(DeviceEfficiency),
  sources: Sources,
  notes: Type.Optional(Type.String()),
};
const accelerator = {
  ...commonDevice,
  peakFlops: PeakFlops,
  memory: Type.Array(MemoryTier, { minItems: 1 }),
  onChip: Type.Optional(Type.Array(OnChipBuffer)),
  computeUnits: Type.Optional(ComputeUnits),
  clock: Type.Optional(quantity('frequency', 'boost clock')),
  scaleUp: Type.Optional(LinkRef),
  scaleOut: Type.Optional(NicRef),
  hostLink: Type.Optional(Id),
  tdp: Type.Optional(quantity('power', 'thermal design power')),
  price: Type.Optional(Price),
};

export const GpuDevice = Type.Object({ kind: Type.Literal('gpu'), ...accelerator }, { additionalProperties: false });

export const NpuDevice = Type.Object(
  {
    kind: Type.Literal('npu'),
    ...accelerator,
    staticShapes: Type.Boolean({ description: 'graphs are compiled for fixed shapes (a new shape recompiles)' }),
    graphLimits: Type.Optional(
      Type.Object(
        {
          maxOpsPerGraph: Type.Optional(positiveInteger('operators one compiled graph may hold')),
          maxGraphBytes: Type.Optional(quantity('bytes', 'largest graph (weights + buffers) one compile takes')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const MacsPerDsp = precisionMap(
  positiveNumber('multiply-accumulates one DSP slice does per cycle'),
  'MACs per DSP slice per cycle, per precision',
);
export const FpgaDevice = Type.Object(
  {
    kind: Type.Literal('fpga'),
    ...commonDevice,
    dsp: Type.Object(
      {
        slices: positiveInteger('DSP slices'),
        clock: quantity('frequency', 'clock the DSP datapath runs at in LLM designs'),
        macsPerDspPerCycle: MacsPerDsp,
      },
      { additionalProperties: false },
    ),
    aiEngines: Type.Optional(
      Type.Object({ count: positiveInteger('AI Engine tiles'), peakFlops: PeakFlops }, { additionalProperties: false }),
    ),
    logic: Type.Optional(Type.Object({ luts: positiveInteger('look-up tables') }, { additionalProperties: false })),
    memory: Type.Array(MemoryTier, { minItems: 1 }),
    onChip: Type.Array(OnChipBuffer, { minItems: 1 }),
    hostLink: Type.Optional(Id),
    scaleOut: Type.Optional(NicRef),
    tdp: Type.Optional(quantity('power', 'thermal design power')),
    price: Type.Optional(Price),
  },
  { additionalProperties: false },
);

const cpuFields = {
  cores: positiveInteger('cores'),
  clock: Type.Optional(quantity('frequency', 'all-core or boost clock')),
  peakFlops: PeakFlops,
};
export const CpuDevice = Type.Object(
  {
    kind: Type.Literal('cpu'),
    ...commonDevice,
    ...cpuFields,
    memory: Type.Array(MemoryTier, { minItems: 1 }),
    onChip: Type.Optional(Type.Array(OnChipBuffer)),
    scaleOut: Type.Optional(NicRef),
    tdp: Type.Optional(quantity('power', 'thermal design power')),
    price: Type.Optional(Price),
  },
  { additionalProperties: false },
);

const SocProcessor = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    cores: Type.Optional(positiveInteger('cores')),
    computeUnits: Type.Optional(ComputeUnits),
    clock: Type.Optional(quantity('frequency', 'clock')),
    peakFlops: PeakFlops,
    staticShapes: Type.Optional(Type.Boolean()),
    memoryBandwidth: Type.Optional(
      quantity('bandwidth', 'share of the shared memory bandwidth this processor can draw, if below the total'),
    ),
  },
  { additionalProperties: false },
);
export const SocDevice = Type.Object(
  {
    kind: Type.Literal('soc'),
    ...commonDevice,
    processors: Type.Object(
      { cpu: Type.Optional(SocProcessor), gpu: Type.Optional(SocProcessor), npu: Type.Optional(SocProcessor) },
      { additionalProperties: false, minProperties: 1, description: 'processors sharing the memory' },
    ),
    memory: Type.Array(MemoryTier, { minItems: 1, description: 'shared DRAM first, then storage (flash)' }),
    onChip: Type.Optional(Type.Array(OnChipBuffer)),
    tdp: Type.Optional(quantity('power', 'package power')),
    price: Type.Optional(Price),
  },
  { additionalProperties: false },
);

// oneOf with a discriminator (not anyOf) so ajv reports errors of the one kind the file declares.
export const DeviceDescriptor = Type.Unsafe<
  | Static<typeof GpuDevice>
  | Static<typeof NpuDevice>
  | Static<typeof FpgaDevice>
  | Static<typeof CpuDevice>
  | Static<typeof SocDevice>
>({
  $id: 'device.schema.json',
  title: 'llmsim device descriptor',
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [GpuDevice, NpuDevice, FpgaDevice, CpuDevice, SocDevice],
});

export const LinkDescriptor = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('link'),
    id: Id,
    name: Type.String({ minLength: 1 }),
    type: oneOfStrings(LINK_TYPES),
    scope: oneOfStrings(
      ['scale-up', 'scale-out'] as const,
      'scale-up: inside a node (bandwidth per device); scale-out: a NIC port between nodes',
    ),
    bandwidthPerDirection: quantity(
      'bandwidth',
      'scale-up: per device, all its links together; scale-out: per NIC port; one direction',
    ),
    latency: quantity('time', 'one-way small-message latency'),
    collectiveEfficiency: fraction('achievable fraction of bandwidthPerDirection in large collectives'),
    rdma: Type.Boolean({ description: 'moves data device-to-device without host copies' }),
    topology: oneOfStrings(
      ['switch', 'ring', 'mesh', 'torus', 'point-to-point'] as const,
      'how devices on this link reach each other',
    ),
    maxDevices: Type.Optional(Type.Integer({ minimum: 2, description: 'largest domain this link joins' })),
    collectiveModel: Type.Optional(
      Type.Object(
        {
          baseLatency: quantity('time', 'fixed time of one collective call, whatever its size'),
          halfBandwidthMessage: quantity(
            'bytes',
            'message size at which a collective reaches half its asymptotic bandwidth',
          ),
          inSwitchReductionEfficiency: Type.Optional(
            fraction('all-reduce reduced in the switch (NVLink SHARP / NVLS): achieved fraction of one direction'),
          ),
        },
        { additionalProperties: false, description: 'fitted by npm run calibrate from collective microbenchmarks' },
      ),
    ),
    sources: Sources,
    notes: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'link.schema.json', title: 'llmsim link or NIC descriptor' },
);

const NodeGroup = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    device: Id,
    devicesPerNode: Type.Integer({ minimum: 1 }),
    nodes: Type.Integer({ minimum: 1 }),
    scaleUp: Type.Optional(Id),
    nics: Type.Array(NicRef, { description: 'NICs of each node; empty for a single node' }),
  },
  { additionalProperties: false },
);
export const SystemDescriptor = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('system'),
    id: Id,
    name: Type.String({ minLength: 1 }),
    groups: Type.Array(NodeGroup, { minItems: 1 }),
    interGroup: Type.Optional(NicRef),
    sources: Type.Optional(Sources),
    notes: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'system.schema.json', title: 'llmsim system (cluster of node groups)' },
);

export type RawDevice = Static<typeof DeviceDescriptor>;
export type RawLink = Static<typeof LinkDescriptor>;
export type RawSystem = Static<typeof SystemDescriptor>;

/** Every schema by descriptor folder (hw-specs/<folder>/*.json). */
export const SCHEMAS = {
  devices: DeviceDescriptor,
  links: LinkDescriptor,
  systems: SystemDescriptor,
} as const;
export type DescriptorFolder = keyof typeof SCHEMAS;
