// ml-isolation-forest ships no types; this covers the slice anomaly.ts uses.
declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    /** 2^(−E[h(x)]/c(n)) per row: ≈ 1 isolated quickly (anomalous), ≤ 0.5 ordinary. */
    predict(data: number[][]): number[];
  }
}
