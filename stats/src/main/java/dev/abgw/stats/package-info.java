package dev.abgw.stats;
