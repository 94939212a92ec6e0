import { useEffect, type ReactNode } from 'react';
import { LinkNotice } from '../share/LinkNotice';
import { useTeach } from '../share/viewStore';
import { HelpOverlay } from './HelpOverlay';
import { handleShortcut, type Shortcut } from './keys';
import { PanelHelps } from './PanelHelps';
import type { PanelHelp } from './panelHelp';
import { TourCard } from './TourCard';
import type { Tour } from './tourControl';
import './teach.css';

/** What a lab gives its teaching layer. */
export interface TeachConfig {
  shortcuts: readonly Shortcut[];
  tour: Tour;
  helps: readonly PanelHelp[];
  /** The math card the panel helps offer. */
  math: ReactNode;
  /** The hover card over the lab's data points or images. */
  hover: ReactNode;
}

/**
 * Everything of the teaching layer that sits over a lab: the keyboard shortcuts and their help,
 * the link notice, the guided tour, the panel helps, the hover card; and presentation mode,
 * applied as attributes on <html> that the CSS reads (data-present, data-show, data-hide), so no
 * panel needs to know about it.
 */
export function TeachLayer({ config }: { config: TeachConfig }) {
  const present = useTeach((s) => s.present);
  const show = useTeach((s) => s.show);
  const hide = useTeach((s) => s.hide);
  useEffect(() => {
    const root = document.documentElement;
    const setAttr = (name: string, value: string | null) => (value === null ? root.removeAttribute(name) : root.setAttribute(name, value));
    setAttr('data-present', present ? '' : null);
    setAttr('data-show', present && show.length ? show.join(' ') : null);
    setAttr('data-hide', present && hide.length ? hide.join(' ') : null);
  }, [present, show, hide]);
  const { shortcuts } = config;
  useEffect(() => {
    // Space, arrows and letters act on the lab unless a form control has focus (keys.ts).
    const onKey = (e: KeyboardEvent) => void handleShortcut(e, shortcuts);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shortcuts]);
  return (
    <>
      <LinkNotice />
      <HelpOverlay shortcuts={shortcuts} />
      <TourCard tour={config.tour} />
      <PanelHelps helps={config.helps} math={config.math} />
      {config.hover}
    </>
  );
}
