import { useEffect } from 'react';
import { LinkNotice } from '../share/LinkNotice';
import { useTeach } from '../share/viewStore';
import { HelpOverlay } from './HelpOverlay';
import { PanelHelps } from './PanelHelps';
import { PointTooltip } from './PointTooltip';
import { TourCard } from './TourCard';
import './teach.css';

/**
 * Everything of the teaching layer that sits over the Toy Lab: the link notice, the keyboard
 * help, the guided tour; and presentation mode, applied as attributes on <html> that teach.css
 * reads (data-present, data-show, data-hide), so no panel needs to know about it.
 */
export function TeachLayer() {
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
  return (
    <>
      <LinkNotice />
      <HelpOverlay />
      <TourCard />
      <PanelHelps />
      <PointTooltip />
    </>
  );
}
