/**
 * The price files: one JSON file per provider (prices/aws.json), each price with its unit, the
 * page it comes from and the date it was read, per region. Prices are data: changing one is an
 * edit of that file, never of code.
 */
import aws from './prices/aws.json' with { type: 'json' };
import { ComposeError } from '../api/errors.js';

/** One price as the file states it. */
export interface Price {
  readonly price: number;
  readonly unit: string;
  /** A key of the file's `sources`. */
  readonly source: string;
  readonly read: string;
  /** Set when the figure was not read on the provider's own page (how it was obtained). */
  readonly note?: string | undefined;
}

/** A provider's price file. */
export interface PriceFile {
  readonly provider: string;
  readonly currency: string;
  /** When the prices were read. */
  readonly read: string;
  readonly hoursPerMonth: number;
  readonly sources: Readonly<Record<string, string>>;
  readonly regions: Readonly<
    Record<string, { readonly name: string; readonly prices: Readonly<Record<string, Price>> }>
  >;
}

/** The AWS price file. */
export const AWS_PRICES: PriceFile = aws;

/** The regions a price file knows, sorted. */
export function regions(file: PriceFile = AWS_PRICES): string[] {
  return Object.keys(file.regions).sort();
}

/**
 * The prices of a region.
 * @throws ComposeError('USAGE') naming the known regions when the file has no such region
 */
export function regionPrices(
  region: string,
  file: PriceFile = AWS_PRICES,
): { readonly name: string; price(key: string): Price } {
  const r = Object.hasOwn(file.regions, region) ? file.regions[region] : undefined;
  if (r === undefined) {
    throw new ComposeError(
      'USAGE',
      `--region ${JSON.stringify(region)}: no prices for it in the ${file.provider} price file; known regions: ${regions(file).join(', ')}`,
    );
  }
  return {
    name: r.name,
    price(key: string): Price {
      const p = Object.hasOwn(r.prices, key) ? r.prices[key] : undefined;
      if (p === undefined) throw new Error(`price file: ${region} has no price ${key}`);
      return p;
    },
  };
}
