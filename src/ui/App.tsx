/** Placeholder shell; the real UI is built later. */
export function App() {
  return (
    <main>
      <h1>PAG Lab</h1>
    </main>
  );
}
