//! Local executor for ASL state machines: handlers, simulated clock, history.
