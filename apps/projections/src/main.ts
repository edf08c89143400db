import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
@Controller() class H { @Get('health') h() { return { status: 'ok' }; } }
@Module({ controllers: [H] }) class M {}
void NestFactory.create(M).then((a) => a.listen(3001)).then(() => console.log('up'));
