import type { StoredReport } from './storedReport.js';

/**
 * Which reports hold a given check or vulnerability (by `checkJoinKey`), without an entry per
 * report and id: reports of one image carry mostly the same vulnerabilities, so ids point to
 * buckets — one per image for reports with an artifact, one per report otherwise — with a count
 * of the reports in the bucket that hold the id. 5,000 VulnerabilityReports of 15 images then
 * cost a few thousand entries here instead of 650,000.
 */
export class CheckIndex {
  private readonly ids = new Map<string, Map<string, number>>();
  private readonly buckets = new Map<string, Set<StoredReport>>();

  add(report: StoredReport, keys: Iterable<string>): void {
    for (const key of keys) {
      let byBucket = this.ids.get(key);
      if (!byBucket) this.ids.set(key, (byBucket = new Map()));
      byBucket.set(report.bucket, (byBucket.get(report.bucket) ?? 0) + 1);
    }
    let reports = this.buckets.get(report.bucket);
    if (!reports) this.buckets.set(report.bucket, (reports = new Set()));
    reports.add(report);
  }

  remove(report: StoredReport, keys: Iterable<string>): void {
    for (const key of keys) {
      const byBucket = this.ids.get(key);
      const n = byBucket?.get(report.bucket);
      if (!byBucket || n === undefined) continue;
      if (n > 1) byBucket.set(report.bucket, n - 1);
      else {
        byBucket.delete(report.bucket);
        if (byBucket.size === 0) this.ids.delete(key);
      }
    }
    const reports = this.buckets.get(report.bucket);
    if (reports?.delete(report) && reports.size === 0) this.buckets.delete(report.bucket);
  }

  /** Reports that may hold `key`: all that do, and others of the same image (filter their findings). */
  *candidates(key: string): IterableIterator<StoredReport> {
    for (const bucket of this.ids.get(key)?.keys() ?? []) yield* this.buckets.get(bucket) ?? [];
  }
}
