import { MathCard } from '../../../common/teach/MathTex';
import { PANEL_HELP } from '../../../common/teach/panelHelp';
import { PointTooltip } from './PointTooltip';
import { SHORTCUTS } from './toyShortcuts';
import type { TeachConfig } from '../../../common/teach/TeachLayer';
import { tour } from './toyTour';
import './toyPresent.css';

/** The Toy Lab's teaching layer: its shortcuts, tour, panel texts, math and point hover card. */
export const TOY_TEACH: TeachConfig = { shortcuts: SHORTCUTS, tour, helps: PANEL_HELP, math: <MathCard />, hover: <PointTooltip /> };
