// Package assetfs reads asset sources on disk: it fingerprints a file or a
// directory by content as the AWS CDK does (so that the same source gives
// the CDK's asset hash), honours exclude patterns, copies a source into a
// cloud assembly and packs a directory into a deterministic zip file.
//
// Symbolic links are followed: a link to a file counts as that file and a
// link to a directory as that directory, wherever they point. A link that
// points nowhere, or a directory link that leads back into itself, is an
// error naming the link.
package assetfs
