package ec2

import "reflect"

// isNil reports whether v is nil or an interface holding a nil pointer (a
// typed nil *Vpc passed as an IVpc), which the constructs treat as unset.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return r.IsNil()
	}
	return false
}
