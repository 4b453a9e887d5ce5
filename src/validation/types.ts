// Published measurements of real systems ("cases", format in validation/README.md) and what
// llmsim predicts for them.

export type CaseCategory =
  | 'training'
  | 'inference-gpu'
  | 'serving'
  | 'npu'
  | 'fpga'
  | 'heterogeneous-network'
  | 'sequence-parallel'
  | 'microbenchmark'
  | 'edge';

export interface CaseModel {
  name: string;
  layers?: number;
  hidden?: number;
  heads?: number;
  kvHeads?: number;
  ffn?: number;
  vocab?: number;
  arch?: 'llama' | 'gpt' | 'moe';
  experts?: number;
  topK?: number;
  notes?: string;
}

export interface CaseHardware {
  device: string;
  devicesPerNode?: number;
  nodes?: number;
  scaleUp?: string;
  nic?: string;
  nicsPerNode?: number;
  processor?: 'cpu' | 'gpu' | 'npu';
}

/** Workload fields as the README lists them; every field optional except `mode`. */
export interface CaseWorkload {
  mode: string;
  [field: string]: unknown;
}

export interface ValidationCase {
  id: string;
  source: string;
  category: CaseCategory;
  model: CaseModel;
  hardware: CaseHardware;
  workload: CaseWorkload;
  plan?: Record<string, unknown>;
  metric: string;
  measured: number;
  unit: string;
  notes?: string;
  trust: 'primary' | 'secondary' | 'low';
  /** the file the case was read from */
  file: string;
}

/** A prediction, or the reason there is none (never dropped silently). */
export type Prediction = { predicted: number; note?: string } | { unpredicted: string };

export type Predictor = (c: ValidationCase) => Prediction;
