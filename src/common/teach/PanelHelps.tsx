import { visibleInterval } from '../page/faults/pageFaults';
import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { MathIcon } from '../page/icons';
import { MathDrawer, openMath } from './MathDrawer';
import type { PanelHelp } from './panelHelp';

/** A slot at the end of a panel for its help, made once per panel element. */
function slotOf(panel: Element, id: string): HTMLElement {
  const found = panel.querySelector(`:scope > .panel-help-slot[data-help="${id}"]`);
  if (found instanceof HTMLElement) return found;
  const slot = document.createElement('div');
  slot.className = 'panel-help-slot';
  slot.dataset.help = id;
  panel.appendChild(slot);
  return slot;
}

/**
 * Puts each panel's "what you see / what to try" text into the panel itself (a portal into a
 * slot appended to it). Panels are looked up again every second, since runs re-render them.
 * The math is not repeated in each panel: their "The math" buttons open one drawer (MathDrawer).
 */
export function PanelHelps({ helps, math }: { helps: readonly PanelHelp[]; math: ReactNode }) {
  const [slots, setSlots] = useState<{ help: PanelHelp; slot: HTMLElement }[]>([]);
  useEffect(() => {
    const find = () =>
      setSlots((prev) => {
        const next = helps.flatMap((help) => {
          const panel = document.querySelector(help.selector);
          return panel ? [{ help, slot: slotOf(panel, help.id) }] : [];
        });
        const same = next.length === prev.length && next.every((n, i) => n.slot === prev[i].slot);
        return same ? prev : next;
      });
    find();
    return visibleInterval(find, 1000); // a hidden tab does not look for panels
  }, [helps]);
  return (
    <>
      {slots.map(({ help, slot }) => createPortal(<HelpText help={help} />, slot, help.id))}
      <MathDrawer math={math} />
    </>
  );
}

function HelpText({ help }: { help: PanelHelp }) {
  return (
    <details className="panel-help" data-testid={`help-${help.id}`}>
      <summary>What you see · what to try</summary>
      <p>
        <b>What you see.</b> {help.see}
      </p>
      <p>
        <b>Try.</b> {help.tryIt}
      </p>
      {help.math && (
        <button className="btn small panel-math" data-testid="math-open" onClick={openMath} title="Eq. (1)–(2), where g comes from, PGD: one panel over the right edge">
          <MathIcon />
          <span>
            The math<span className="more">: Eq. (1)–(2), targets, PGD</span>
          </span>
        </button>
      )}
    </details>
  );
}
