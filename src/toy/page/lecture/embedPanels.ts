import type { EmbedChoice } from '../../../common/lecture/embed';

/** The Toy Lab's panels for `?embed=1&panels=` (embed.css shows the chosen ones); the first is the default. */
export const TOY_EMBED_PANELS: readonly EmbedChoice[] = [
  { id: 'boundary', label: 'boundary plots' },
  { id: 'charts', label: 'training charts' },
];
