/**
 * At start-up, which wins: the link the page was opened with, or the last run autosave would
 * reopen (issue 5: links that reproduce a state exactly, and nothing lost on reload). Pure, for
 * both labs; unit-tested in test/unit/common/linkVsSaved.test.ts.
 *
 * A link that carries settings wins. A plain reload of the page's own address still reopens the
 * last run: the address bar always follows the state, so the link then holds that run's settings
 * (or the page showed that run at this very address as it went away, with edits not yet applied).
 * A link whose run settings differ starts its own run; the saved run stays in Saved runs, and a
 * notice says so.
 */
import { differingKeys, type DecodedLink, type LinkSpec } from '../../share/linkCodec';

export type LastRunChoice = { reopen: true } | { reopen: false; notice: string };

export interface LastRunQuestion<S extends object> {
  spec: LinkSpec<S>;
  /** The link the page was opened with (null: none read). */
  link: Pick<DecodedLink<S>, 'values' | 'fields'> | null;
  /** The saved run's values, in the link's form. */
  saved: S;
  /** The values that define a run (the rest, e.g. the view, may differ). */
  runKeys: readonly (keyof S & string)[];
  /** The page showed this very run at this very address as it went away (a reload). */
  reload: boolean;
  /** The saved run's name, for the notice. */
  name: string;
}

/** Reopen the last run, or keep the link's settings and say where the run is. */
export function chooseLastRun<S extends object>(q: LastRunQuestion<S>): LastRunChoice {
  if (q.reload || !q.link || q.link.fields.length === 0) return { reopen: true };
  const differ = differingKeys(q.spec, q.link.values, q.saved, q.runKeys);
  if (!differ.length) return { reopen: true };
  const labels = differ.map((k) => q.spec.fields[k].label);
  const named = labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
  return { reopen: false, notice: `The link's settings are on screen. Your last run "${q.name}" has other settings (${named}); it is kept in Saved runs.` };
}
