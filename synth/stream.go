package synth

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
)

// SynthesizeTo synthesizes the app into the cloud assembly directory dir,
// atomically, as Synthesize and WriteTo do, but streams: each template is
// written as soon as it is rendered and dropped from memory, so that an app
// of many stacks never holds all of its templates at once. The Assembly
// returned describes what was written; its stacks' Template, TemplateJSON
// and ResourceLines are nil (read the files instead). The directory's
// bytes are those WriteTo writes.
func SynthesizeTo(app *constructs.App, dir string, opts Options) (*Assembly, error) {
	w, err := assembly.NewWriter(dir)
	if err != nil {
		return nil, err
	}
	// tree.json is written while the stacks are checked and rendered: it
	// needs only the tree, final once prepare is done.
	var treeDone chan error
	asm, err := synthesizeStreaming(app, opts, &streaming{stack: func(st *Stack) error {
		if err := w.WriteFile(st.TemplatePath(), st.TemplateJSON); err != nil {
			return err
		}
		reuseTemplateBuffer(st.TemplateJSON)
		st.Template, st.TemplateJSON, st.ResourceLines = nil, nil, nil
		return nil
	}, tree: true, prepared: func() {
		done := make(chan error, 1)
		treeDone = done
		go func() { done <- writeTreeFile(w, app) }()
	}})
	waitTree := func() error {
		if treeDone == nil {
			return nil
		}
		err := <-treeDone
		treeDone = nil
		return err
	}
	if err != nil {
		waitTree()
		w.Abort()
		return nil, err
	}
	// The files of Options.Files are made and written on a goroutine of
	// their own while the manifest is.
	extraErr := make(chan error, 1)
	if opts.Files != nil {
		go func() {
			extra, err := opts.Files(asm)
			for _, name := range extra.Names() {
				if err == nil {
					err = w.WriteFile(name, extra[name])
				}
			}
			extraErr <- err
		}()
	} else {
		extraErr <- nil
	}
	files, err := asm.metaFiles(false)
	if terr := waitTree(); err == nil {
		err = terr
	}
	if eerr := <-extraErr; err == nil {
		err = eerr
	}
	for _, name := range files.Names() {
		if err == nil {
			err = w.WriteFile(name, files[name])
		}
	}
	for _, st := range asm.Stacks {
		if err == nil && st.AssetManifest != nil {
			err = w.WriteFile(st.inDir(st.AssetManifestFile()), st.AssetManifest)
		}
	}
	if err == nil {
		err = w.Stage(func(tmp string) error { return stageAssets(tmp, asm.Assets) })
	}
	if err != nil {
		w.Abort()
		return nil, err
	}
	if err := w.Commit(); err != nil {
		return nil, err
	}
	return asm, nil
}

// writeTreeFile writes tree.json into the assembly a piece at a time.
func writeTreeFile(w *assembly.Writer, app *constructs.App) error {
	f, err := w.Create("tree.json")
	if err != nil {
		return err
	}
	err = writeTree(app, func(p []byte) ([]byte, error) {
		_, err := f.Write(p)
		return p[:0], err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
