// "Did you mean" suggestions for unknown names, by edit distance.
import { distance } from 'fastest-levenshtein';

/** Up to `max` known names closest to `name`, best first; only plausible ones. */
export function closest(name: string, known: Iterable<string>, max = 3): string[] {
  const needle = name.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const k of known) {
    const hay = k.toLowerCase();
    // a substring match ("h100" in "h100-sxm") is as good as one edit
    const d = hay.includes(needle) || needle.includes(hay) ? 1 : distance(needle, hay);
    if (d <= Math.max(2, Math.ceil(needle.length / 3))) scored.push({ name: k, score: d });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** "unknown device 'h10'; did you mean h100-sxm, h100-pcie?" */
export function unknownNameMessage(what: string, name: string, known: Iterable<string>): string {
  const list = [...known];
  const near = closest(name, list);
  const hint = near.length
    ? `; did you mean ${near.join(', ')}?`
    : `; known: ${list.slice(0, 12).join(', ')}${list.length > 12 ? ', ...' : ''}`;
  return `unknown ${what} '${name}'${hint}`;
}
