import type { TeachConfig } from '../../../common/teach/TeachLayer';
import { CifarMathCard } from './CifarMathCard';
import { CIFAR_HELP } from './cifarHelp';
import { CIFAR_SHORTCUTS } from './cifarShortcuts';
import { cifarTour } from './cifarTour';
import { ImageHoverCard } from './ImageHoverCard';
import './cifarPresent.css';

/** The CIFAR Lab's teaching layer: its shortcuts, tour, panel texts, math and image hover card. */
export const CIFAR_TEACH: TeachConfig = { shortcuts: CIFAR_SHORTCUTS, tour: cifarTour, helps: CIFAR_HELP, math: <CifarMathCard />, hover: <ImageHoverCard /> };
