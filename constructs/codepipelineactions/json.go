package codepipelineactions

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// jsonString writes v as compact JSON, as the AWS CDK's Stack.toJsonString
// (tokens in string values are resolved inside the text at synthesis).
func jsonString(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return string(bytes.TrimRight(b.Bytes(), "\n"))
}
