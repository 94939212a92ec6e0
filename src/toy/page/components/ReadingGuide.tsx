/** What the picture shows, for a student opening the page cold. */
export function ReadingGuide() {
  return (
    <section className="card guide" aria-label="How to read this page">
      <h3>How to read this</h3>
      <p>
        Both models start from the <b>same weights</b> and see the <b>same batches</b>. The vanilla model minimises cross-entropy; the PAG
        model also pulls its input-gradients ∇x f(x)t towards “ground-truth” directions g(x, t) (for Nearest Neighbor: towards the closest
        training point of class t). Neither ever sees an attacked point.
      </p>
      <p>
        Colour is the model’s P(class 1); the black line is its decision boundary. A boundary that hugs the data (vanilla’s “dimples”) lets a
        small push flip a point: watch the trajectories, and how far each point is from the boundary in the histogram.
      </p>
    </section>
  );
}
