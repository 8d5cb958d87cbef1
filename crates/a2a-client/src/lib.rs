//! A2A client (under construction).
