package dev.abgw.experiments;
