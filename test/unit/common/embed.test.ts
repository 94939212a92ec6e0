import { describe, expect, it } from 'vitest';
import { embedCode, embedOf } from '../../../src/common/lecture/embed';
import { TOY_EMBED_PANELS } from '../../../src/toy/page/lecture/embedPanels';
import { CIFAR_EMBED_PANELS } from '../../../src/cifar/page/lecture/embedPanels';

// Embed mode's address (issue 15): each lab's own panel ids, the first by default.
describe('embedOf / embedCode', () => {
  it('reads embed=1 and the lab\'s panels, leaving out unknown and repeated names', () => {
    expect(embedOf('?embed=1&panels=charts,boundary', TOY_EMBED_PANELS)).toEqual({ on: true, panels: ['charts', 'boundary'] });
    expect(embedOf('?embed=1&panels=table,gallery,table,nonsense', CIFAR_EMBED_PANELS)).toEqual({ on: true, panels: ['table', 'gallery'] });
    // A toy panel is not a CIFAR one: the CIFAR default instead.
    expect(embedOf('?embed=true&panels=boundary', CIFAR_EMBED_PANELS)).toEqual({ on: true, panels: ['gallery'] });
    expect(embedOf('?seed=2', TOY_EMBED_PANELS)).toEqual({ on: false, panels: ['boundary'] });
  });

  it('writes an 800x450 iframe of the link with embed=1 and the panels, attribute-escaped', () => {
    const code = embedCode('http://host/sub/cifar.html?seed=3&x="y"', ['gallery', 'charts']);
    expect(code).toBe(
      '<iframe src="http://host/sub/cifar.html?seed=3&amp;x=%22y%22&amp;embed=1&amp;panels=gallery%2Ccharts" width="800" height="450" style="border:0" title="PAG Lab" loading="lazy"></iframe>',
    );
  });
});
