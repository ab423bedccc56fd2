//! HTML pages: main text and metadata (JSON-LD, meta tags, `<time>`, `<article>`...).
