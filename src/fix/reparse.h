// Loading a fixed file again without parsing all of it: a fix pass edits a few documents of a
// file (a preStop here, a grace period there), and parsing is most of a fix run's cost. Only the
// documents the edits touch are parsed again; the others keep their trees, moved to their new
// lines. The result is what loading the whole new text would give, or nothing when that cannot
// be guaranteed (the caller then loads the whole text).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "document.h"
#include "fix/fix.h"

namespace titanlint {

// `before` as it is after `edits` (in order_edits' order, in `before`'s text) turned its text
// into `after`. The documents the edits touch are parsed again, and so are documents that move
// and hold a duplicate key or an alias target; the others keep their trees, moved to their new
// lines. On success the result owns `before`'s trees (reused documents point into them), and
// `before` is left without documents, diagnostics or alias targets. Nullopt, with `before`
// untouched, when the stream cannot be cut into documents exactly (JSON, a syntax error, helm
// output, a `%` directive, a document without its own `---`), when an edit crosses the start of
// a document, edits a `---` line or could join a line to the next document's first, or when a
// document parsed again is not exactly one document without syntax errors.
std::optional<LoadedFile> reparse_changed_documents(LoadedFile& before, std::string after,
                                                    std::span<const TextEdit> edits,
                                                    const LoadLimits& limits);

}  // namespace titanlint
