package dev.abgw.gateway;
