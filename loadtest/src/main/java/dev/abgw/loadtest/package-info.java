package dev.abgw.loadtest;
