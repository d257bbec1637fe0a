export function createBenchActivities() {
  return {
    async noop(i: number): Promise<number> {
      return i;
    },
  };
}

export type BenchActivities = ReturnType<typeof createBenchActivities>;
