import { MathCard } from './MathTex';
import { PANEL_HELP } from './panelHelp';
import { PointTooltip } from './PointTooltip';
import { SHORTCUTS } from './shortcuts';
import type { TeachConfig } from './TeachLayer';
import { tour } from './tour';
import './toyPresent.css';

/** The Toy Lab's teaching layer: its shortcuts, tour, panel texts, math and point hover card. */
export const TOY_TEACH: TeachConfig = { shortcuts: SHORTCUTS, tour, helps: PANEL_HELP, math: <MathCard />, hover: <PointTooltip /> };
