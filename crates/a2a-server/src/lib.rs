//! A2A server (under construction).
