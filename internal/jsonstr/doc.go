// Package jsonstr writes strings as JSON strings, byte for byte as
// encoding/json does, without its cost for the common string that needs no
// escape: the templates, manifests, trees and reports forma writes are
// mostly such strings, tens of megabytes of them in a large app.
package jsonstr
