// Package golden compares what a test produces with golden files, and
// rewrites them when the test binary runs with -update: the one -update flag
// of forma's tests.
//
// Invariants: golden files are produced by code, never edited by hand;
// without -update nothing is written; JSON files (".json") are compared
// decoded, so a failure shows the values that differ, and then byte for
// byte, so formatting is golden too; every difference is reported as
// cmp.Diff labelled (-want +got); a missing golden file, and in a set of
// files a missing or extra one, fails the test.
package golden
