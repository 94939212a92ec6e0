import { Equation, PagLossMath, PgdMath, TargetsMath } from '../../../common/teach/MathTex';

/**
 * Figure 4's attack: targeted L2 PGD with a large radius, from one image towards each class t,
 * images kept in [0, 1] (a constant TeX string, typeset by KaTeX).
 */
const FIGURE4 = String.raw`x^{k+1} = \operatorname{clip}_{[0,1]}\,\Pi_{\lVert x - x^0 \rVert_2 \le \varepsilon}\!\Big(x^k - \alpha\, \frac{\nabla_x \mathrm{CE}(f(x^k), t)}{\lVert \nabla_x \mathrm{CE}(f(x^k), t) \rVert_2}\Big), \quad \varepsilon = 6,\ K = 30,\ \alpha = 2.5\,\varepsilon / K`;

/** The CIFAR Lab's math card: Eq. (1)-(2), the four target sources, PGD and Figure 4's attack. */
export function CifarMathCard() {
  return (
    <div className="math-card" data-testid="math-card">
      <PagLossMath />
      <p>
        The sum runs over the C classes, as in the paper (no 1/C): λ = 0.4 weighs about 4 on the mean (1 − cos) of 10 classes. With k targets drawn per image
        (the authors’ num_grads_per_image) the sum over those k is scaled by C / k, so 10 classes cost what k do.
      </p>
      <p>Where g comes from (one model per method ticked under “Methods”; RIGD trains its robust teacher first):</p>
      <TargetsMath />
      <p>
        Table 1’s attacks: untargeted PGD-20 (ascend the loss of the true class y instead of descending towards t), L∞ ε = 8/255 and L2 ε = 0.5, each step
        projected Π back into the ε-ball around x; the pretrained models’ table follows the paper’s evaluation, from a random start in the ball with
        α = 2 ε / K (the live table says its own α under the table):
      </p>
      <PgdMath />
      <p>
        Figure 4: targeted L2 PGD with a radius far beyond Table 1’s, towards every class t. This is how the paper defines perceptually aligned gradients: a
        model has them when this attack paints class t into the image; a vanilla model’s adds noise:
      </p>
      <Equation tex={FIGURE4} />
    </div>
  );
}
