import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/**
 * One formula typeset by KaTeX. Only for the constant TeX strings of this app (FORMULAS below):
 * KaTeX's own HTML output is the only thing ever set as inner HTML, never user text. KaTeX needs
 * no eval and no inline scripts, so the strict CSP holds.
 */
export function MathTex({ tex, display = false, scrolls = false }: { tex: string; display?: boolean; scrolls?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }), [tex, display]);
  // A formula wider than its column scrolls sideways: keyboard users reach it with Tab (then the arrow keys).
  return <span className={display ? 'math display' : 'math'} tabIndex={scrolls ? 0 : undefined} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The formulas of the paper the Toy Lab shows, as TeX (constants). */
export const FORMULAS = {
  loss: String.raw`\mathcal{L}(x, y) \;=\; \mathrm{CE}\big(f_\theta(x),\, y\big) \;+\; \lambda\, \mathcal{L}_{\mathrm{PAG}}(x)`,
  pag: String.raw`\mathcal{L}_{\mathrm{PAG}}(x) \;=\; \sum_{t=1}^{C} \Big(1 - \cos\big(\nabla_x f_\theta(x)_t,\; g(x, t)\big)\Big)`,
  cos: String.raw`\cos(u, v) = \frac{u^\top v}{\max(\lVert u\rVert\,\lVert v\rVert,\ \epsilon)}`,
  /** The alignment the charts plot (inline, in their titles). */
  alignment: String.raw`\cos\big(\nabla_x f(x)_t,\, g(x, t)\big)`,
  oneImage: String.raw`g_{\mathrm{OI}}(x, t) = x_t - x, \quad x_t \text{ one fixed training point of class } t`,
  classMean: String.raw`g_{\mathrm{CM}}(x, t) = \mu_t - x, \quad \mu_t = \tfrac{1}{|D_t|}\textstyle\sum_{x' \in D_t} x'`,
  nearest: String.raw`g_{\mathrm{NN}}(x, t) = \operatorname*{arg\,min}_{x' \in D_t} \lVert x' - x \rVert_2 \;-\; x`,
  rigd: String.raw`g_{\mathrm{RIGD}}(x, t) = \nabla_x f^{\mathrm{rob}}(x)_t, \quad f^{\mathrm{rob}} \text{ adversarially trained (PGD)}`,
  pgdL2: String.raw`x^{k+1} = \Pi_{\lVert \delta \rVert_2 \le \varepsilon}\!\Big(x^k - \alpha\, \frac{\nabla_x \mathrm{CE}(f(x^k), t)}{\lVert \nabla_x \mathrm{CE}(f(x^k), t) \rVert_2}\Big)`,
  pgdLinf: String.raw`x^{k+1} = \Pi_{\lVert \delta \rVert_\infty \le \varepsilon}\!\Big(x^k - \alpha\, \operatorname{sign} \nabla_x \mathrm{CE}(f(x^k), t)\Big)`,
} as const;

/**
 * A numbered display equation: the number is a box of its own beside the formula (not KaTeX's
 * \tag, which sits over a formula that scrolls sideways in a narrow column).
 */
export function Equation({ tex, n }: { tex: string; n?: number }) {
  return (
    <div className="eq">
      <MathTex tex={tex} display scrolls />
      {n !== undefined && <span className="eq-no">({n})</span>}
    </div>
  );
}

/** Eq. (1)-(2) with a sentence saying what they do. */
export function PagLossMath() {
  return (
    <>
      <p>Both models minimise Eq. (1); the vanilla model has λ = 0. Eq. (2) pulls each class score’s input-gradient towards a “ground-truth” direction g(x, t):</p>
      <Equation tex={FORMULAS.loss} n={1} />
      <Equation tex={FORMULAS.pag} n={2} />
      <p>with the cosine guarded against zero gradients:</p>
      <Equation tex={FORMULAS.cos} />
    </>
  );
}

/** The four sources of g(x, t). */
export function TargetsMath() {
  return (
    <dl>
      <dt>One Image</dt>
      <dd>
        <MathTex tex={FORMULAS.oneImage} />
      </dd>
      <dt>Class Mean</dt>
      <dd>
        <MathTex tex={FORMULAS.classMean} />
      </dd>
      <dt>Nearest Neighbor</dt>
      <dd>
        <MathTex tex={FORMULAS.nearest} />
      </dd>
      <dt>RIGD</dt>
      <dd>
        <MathTex tex={FORMULAS.rigd} />
      </dd>
    </dl>
  );
}

/** PGD's two update rules. */
export function PgdMath() {
  return (
    <>
      <Equation tex={FORMULAS.pgdL2} />
      <Equation tex={FORMULAS.pgdLinf} />
    </>
  );
}

/** The Toy Lab's math card: Eq. (1)-(2), the four target sources, and PGD. */
export function MathCard() {
  return (
    <div className="math-card" data-testid="math-card">
      <PagLossMath />
      <p>Where g comes from (the “PAG source” setting):</p>
      <TargetsMath />
      <p>
        The attack: targeted PGD towards the other class t (untargeted: ascend the loss of the true class instead), K steps of size α, each projected Π back
        into the ε-ball around x:
      </p>
      <PgdMath />
    </div>
  );
}
