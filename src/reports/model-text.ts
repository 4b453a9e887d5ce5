// Human-readable views of model architectures.
import type { ModelArch } from '../workloads/model-arch.js';
import { countParams, type ParamCounts } from '../workloads/params.js';
import { renderTable } from './table.js';

const billions = (n: number) => `${(n / 1e9).toFixed(n < 1e10 ? 2 : 1)}B`;

function attentionKind(m: ModelArch): string {
  const kind = m.kvHeads === m.heads ? 'MHA' : m.kvHeads === 1 ? 'MQA' : `GQA(${m.heads / m.kvHeads})`;
  return m.slidingWindow ? `${kind}, window ${m.slidingWindow}` : kind;
}

export function modelListText(models: readonly ModelArch[], aliases: Readonly<Record<string, string>>): string {
  const rows = models.map((m) => {
    const p = countParams(m);
    return [
      m.name,
      m.family,
      billions(p.total),
      m.layers,
      m.hidden,
      `${m.heads}/${m.kvHeads}`,
      m.ffn,
      m.vocab,
      attentionKind(m),
      m.moe ? `${m.moe.experts}e top${m.moe.topK}` : '',
    ];
  });
  const table = renderTable(
    ['model', 'family', 'params', 'layers', 'hidden', 'heads/kv', 'ffn', 'vocab', 'attention', 'moe'],
    rows,
  );
  const al = Object.entries(aliases).map(([a, n]) => `  ${a} → ${n}`);
  return `${table}\nAliases:\n${al.join('\n')}\n`;
}

export function modelText(m: ModelArch, p: ParamCounts = countParams(m)): string {
  const lines = [
    `${m.name} (${m.family})`,
    `  source: ${m.source}`,
    `  layers ${m.layers}, hidden ${m.hidden}, heads ${m.heads} (kv ${m.kvHeads}, head dim ${m.headDim}), ffn ${m.ffn}, vocab ${m.vocab}`,
    `  attention ${attentionKind(m)}, ${m.mlp} MLP (${m.activation}), ${m.norm}, positions ${m.position}, max context ${m.maxSeqLen}`,
    `  tied embeddings ${m.tiedEmbeddings ? 'yes' : 'no'}, attention bias ${m.attentionBias}, MLP bias ${m.mlpBias ? 'yes' : 'no'}${m.parallelBlock ? ', parallel attention/MLP block' : ''}`,
  ];
  if (m.moe)
    lines.push(
      `  MoE: ${m.moe.experts} experts, top-${m.moe.topK}, ${m.moe.sharedExperts} shared, expert ffn ${m.moe.expertFfn}, every ${m.moe.layerInterval} layer(s)`,
    );
  lines.push(
    `Parameters: ${billions(p.total)} total, ${billions(p.activePerToken)} active per token`,
    `  embedding ${billions(p.embedding)}, lm_head ${billions(p.lmHead)}, attention ${billions(p.attention)}, mlp ${billions(p.mlp)}, norms ${(p.norms / 1e6).toFixed(2)}M${p.positions ? `, positions ${(p.positions / 1e6).toFixed(1)}M` : ''}`,
  );
  if (m.notes) lines.push(`Notes: ${m.notes}`);
  return lines.join('\n') + '\n';
}
