import type { ResultsConfig } from './manifest';
import type { SegmentResult, SegmentValueResult } from './results-data';
import { Tally, zoneOf } from './emergence-scores';
import type { IndexedVotes } from './emergence-groups';

/*
 * The figures per segment value (docs/emergence.md, "Segments"). Votes are bucketed by their
 * voter's value (counting sort), then each value's votes go through one reusable tally, so
 * memory stays one tally of the proposals whatever the number of values (postcodes…).
 */

/** Each voter's answer to `field`, trimmed; undefined when unanswered. */
export function answerOf(segments: Record<string, string> | undefined, field: string): string | undefined {
  const answer = segments?.[field]?.trim();
  return answer ? answer : undefined;
}

export function segmentResults(votes: IndexedVotes, voterIds: readonly string[], voterSegments: ReadonlyMap<string, Record<string, string>>, fields: readonly string[], columnIds: readonly string[], config: ResultsConfig): SegmentResult[] {
  const tally = new Tally(votes.columns);
  const touched = new Uint8Array(votes.columns);
  const bucket = new Int32Array(votes.length);
  return fields.map((field) => {
    const valueIndex = new Map<string, number>();
    const valueNames: string[] = [];
    const voterCounts: number[] = [];
    const valueOf = new Int32Array(votes.voters).fill(-1);
    let unansweredVoters = 0;
    for (let voter = 0; voter < votes.voters; voter++) {
      if (votes.votesOf[voter] === 0) continue;
      const answer = answerOf(voterSegments.get(voterIds[voter]!), field);
      if (answer === undefined) {
        unansweredVoters++;
        continue;
      }
      let index = valueIndex.get(answer);
      if (index === undefined) {
        index = valueNames.length;
        valueIndex.set(answer, index);
        valueNames.push(answer);
        voterCounts.push(0);
      }
      voterCounts[index]!++;
      valueOf[voter] = index;
    }
    let hiddenVoters = 0;
    const shown = voterCounts.map((count) => count >= config.minSegmentVoters);
    voterCounts.forEach((count, index) => {
      if (!shown[index]) hiddenVoters += count;
    });
    // Complementary suppression: the hidden voters' figures are the totals minus the shown
    // values', so the hidden ones together must be at least as many as one shown value needs.
    // Until they are, the smallest shown value is hidden with them.
    while (hiddenVoters > 0 && hiddenVoters < config.minSegmentVoters) {
      let smallest = -1;
      shown.forEach((isShown, index) => {
        if (isShown && (smallest < 0 || voterCounts[index]! < voterCounts[smallest]!)) smallest = index;
      });
      if (smallest < 0) break;
      shown[smallest] = false;
      hiddenVoters += voterCounts[smallest]!;
    }

    // Counting sort of the shown values' votes by value.
    const starts = new Int32Array(valueNames.length + 1);
    for (let i = 0; i < votes.length; i++) {
      const value = valueOf[votes.voter[i]!]!;
      if (value >= 0 && shown[value]) starts[value + 1]!++;
    }
    for (let value = 0; value < valueNames.length; value++) starts[value + 1]! += starts[value]!;
    const next = starts.slice(0, valueNames.length);
    for (let i = 0; i < votes.length; i++) {
      const value = valueOf[votes.voter[i]!]!;
      if (value >= 0 && shown[value]) bucket[next[value]!++] = i;
    }

    const values: SegmentValueResult[] = [];
    valueNames.forEach((name, value) => {
      if (!shown[value]) return;
      const columns: number[] = [];
      for (let b = starts[value]!; b < starts[value + 1]!; b++) {
        const i = bucket[b]!;
        const column = votes.column[i]!;
        if (!touched[column]) {
          touched[column] = 1;
          columns.push(column);
        }
        tally.add(column, votes.code[i]!);
      }
      columns.sort((a, b) => a - b);
      const proposals: SegmentValueResult['proposals'] = {};
      for (const column of columns) {
        const scores = tally.scores(column);
        const count = tally.votes(column);
        proposals[columnIds[column]!] = { counts: tally.counts(column), agree: scores.agree, topScore: scores.topScore, zone: zoneOf(scores, count, config) };
        tally.clear(column);
        touched[column] = 0;
      }
      values.push({ value: name, voters: voterCounts[value]!, votes: starts[value + 1]! - starts[value]!, proposals });
    });
    values.sort((a, b) => b.voters - a.voters || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { field, values, hiddenVoters, unansweredVoters };
  });
}
