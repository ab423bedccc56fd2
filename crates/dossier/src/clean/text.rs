//! Plain text scraped off a page: junk lines out, title, byline, dateline and outlet found.
