/**
 * The estimate as people read it: one line per item (service, item, quantity, unit price,
 * cost), the total, the date the prices were read, the assumptions, the corrections of the
 * tutorial and what keeps costing after `down`.
 */
import type { CostEstimate } from '../api/cost.js';

function money(n: number): string {
  return `$${n.toFixed(2)}`;
}

function quantity(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/**
 * The estimate as text.
 * @example
 * Estimated cost on AWS us-east-1 (US East (N. Virginia)), x86_64, 730 h; prices read 2026-12
 * SERVICE  ITEM                  QUANTITY         UNIT PRICE  COST
 * web      Fargate vCPU (x86_64)  182.5 vCPU-hour  $0.04048    $7.39
 */
export function formatCost(e: CostEstimate): string {
  const rows: string[][] = [['SERVICE', 'ITEM', 'QUANTITY', 'UNIT PRICE', 'COST']];
  for (const i of e.items) {
    rows.push([
      i.service ?? '-',
      i.item,
      `${quantity(i.quantity)} ${i.unit}`,
      `$${i.unitPrice}`,
      money(i.cost),
    ]);
  }
  rows.push(['', 'TOTAL', '', '', money(e.total)]);
  const widths = rows[0].map((_c, k) => Math.max(...rows.map((r) => r[k].length)));
  const lines = [
    `Estimated cost on AWS ${e.region} (${e.regionName}), ${e.arch}, ${e.hours} h; prices read ${e.pricesRead} (src/cost/prices/aws.json)`,
    ...rows.map((r) =>
      r
        .map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k])))
        .join('  ')
        .trimEnd(),
    ),
    'Assumed:',
    ...e.assumptions.map((a) => `  - ${a}`),
    'Corrections of the tutorial:',
    ...e.corrections.map((c) => `  - ${c}`),
    'Still billed after down:',
    ...e.afterDown.map((c) => `  - ${c}`),
  ];
  if (e.unverifiedPrices.length > 0) {
    lines.push(
      'Prices not read on AWS pages (check them):',
      ...e.unverifiedPrices.map((u) => `  - ${u}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
