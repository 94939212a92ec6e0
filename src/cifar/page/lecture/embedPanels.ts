import type { EmbedChoice } from '../../../common/lecture/embed';

/**
 * The CIFAR Lab's panels for `?embed=1&panels=` (CifarEmbed.tsx shows the chosen ones); the first
 * is the default. The saliency maps and the training charts are the live run's: choosing one
 * opens the embed on the live run.
 */
export const CIFAR_EMBED_PANELS: readonly EmbedChoice[] = [
  { id: 'gallery', label: 'Figure 4 (attack images)' },
  { id: 'saliency', label: 'saliency maps' },
  { id: 'charts', label: 'training charts' },
  { id: 'table', label: 'Table 1' },
];
export const LIVE_ONLY_PANELS = ['saliency', 'charts'];
